import type { EmulatorClock } from './clock';
import { badRequest } from './errors';
import { buildSignRequest, type IdSource } from './factory';
import { isActionable, refresh, send, type Timings } from './lifecycle';
import type { OutboxMessage, PersistedState, StoredSignRequest } from './model';
import { sameEmail } from './model';
import type { EmulatorUser } from './users';
import type { ValidatedCreate } from './validation';

export const RESEND_COOLDOWN_MS = 10 * 60 * 1000;
const CANCELLABLE = new Set(['created', 'sent', 'viewed']);
const FIRST_SHORT_ID = 10001;
const FIRST_FILE_ID = 1_500_000_000_001;

export interface StoreConfig {
  timings: Timings;
}

type StoreSnapshot = Pick<PersistedState, 'next_seq' | 'next_short_id' | 'next_file_id' | 'sign_requests' | 'outbox'>;

/** Sign request state and the Box-side operations on it. Every read first applies due time-driven transitions. */
export class SignRequestStore implements IdSource {
  private requests = new Map<string, StoredSignRequest>();
  /** File id → the request whose sign file or signing log it is. */
  private byFile = new Map<string, string>();
  private messages: OutboxMessage[] = [];
  private seq = 1;
  private shortId = FIRST_SHORT_ID;
  private fileId = FIRST_FILE_ID;

  constructor(
    readonly clock: EmulatorClock,
    readonly config: StoreConfig,
  ) {}

  nextSeq(): number {
    return this.seq++;
  }

  nextShortId(): string {
    return `SR-${this.shortId++}`;
  }

  nextFileId(): string {
    return String(this.fileId++);
  }

  /** A request `sender` sends; `createdAt` other than now only for seeded requests (seed.ts). */
  async create(
    input: ValidatedCreate,
    sender: EmulatorUser,
    createdAt = this.clock.nowMs(),
  ): Promise<StoredSignRequest> {
    const req = await buildSignRequest(input, {
      now: createdAt,
      ids: this,
      sender,
      timings: this.config.timings,
    });
    this.requests.set(req.id, req);
    this.indexFiles(req);
    this.refresh(req);
    return req;
  }

  /** The request whose sign file or signing log `fileId` is, brought up to date; undefined for any other id. */
  findByFileId(fileId: string): StoredSignRequest | undefined {
    const id = this.byFile.get(fileId);
    return id === undefined ? undefined : this.find(id);
  }

  private indexFiles(req: StoredSignRequest): void {
    for (const file of [...req.sign_files, req.signing_log]) this.byFile.set(file.id, req.id);
  }

  find(id: string): StoredSignRequest | undefined {
    const req = this.requests.get(id);
    if (req) this.refresh(req);
    return req;
  }

  /** Newest first; `seq` breaks ties between requests created in the same millisecond. */
  all(): StoredSignRequest[] {
    const list = [...this.requests.values()];
    list.forEach((req) => this.refresh(req));
    return list.sort((a, b) => b.created_at - a.created_at || b.seq - a.seq);
  }

  refresh(req: StoredSignRequest): void {
    refresh(req, this.clock.nowMs(), this.config.timings);
  }

  cancel(req: StoredSignRequest, reason: string | null): void {
    if (!CANCELLABLE.has(req.status)) {
      throw badRequest(`Sign request cannot be cancelled while its status is '${req.status}'`, { status: req.status });
    }
    req.status = 'cancelled';
    req.cancel_reason = reason;
  }

  resend(req: StoredSignRequest): void {
    if (!isActionable(req.status)) {
      throw badRequest(`Sign request cannot be resent while its status is '${req.status}'`, { status: req.status });
    }
    const now = this.clock.nowMs();
    const lastSent = req.last_sent_at ?? req.created_at;
    if (now - lastSent < RESEND_COOLDOWN_MS) {
      const retryAt = new Date(lastSent + RESEND_COOLDOWN_MS).toISOString();
      throw badRequest(`Sign request was sent less than 10 minutes ago; it can be resent after ${retryAt}`, {
        last_sent_at: new Date(lastSent).toISOString(),
      });
    }
    req.last_sent_at = now;
    req.resend_count += 1;
  }

  /** Returns false when the request is not waiting for preparation. */
  prepare(req: StoredSignRequest): boolean {
    if (req.status !== 'created') return false;
    send(req, this.clock.nowMs(), this.config.timings);
    return true;
  }

  forceStatus(req: StoredSignRequest, status: string, errorCode: string | null): void {
    const now = this.clock.nowMs();
    const { conversionDelayMs, finalizingDelayMs } = this.config.timings;
    if ((status === 'sent' || status === 'viewed') && req.last_sent_at === null) send(req, now, this.config.timings);
    if (status === 'converting') req.converts_at = now + conversionDelayMs;
    if (status === 'finalizing') req.finalizes_at = now + finalizingDelayMs;
    if ((status === 'signed' || status === 'declined') && req.finished_at === null) req.finished_at = now;
    req.status = status;
    req.error_code = errorCode;
  }

  addMessage(message: OutboxMessage): void {
    this.messages.push(message);
  }

  outbox(filter: { sign_request_id?: string; email?: string }): OutboxMessage[] {
    return this.messages.filter(
      (m) =>
        (filter.sign_request_id === undefined || m.sign_request_id === filter.sign_request_id) &&
        (filter.email === undefined || sameEmail(m.email, filter.email)),
    );
  }

  reset(): void {
    this.restore({
      next_seq: 1,
      next_short_id: FIRST_SHORT_ID,
      next_file_id: FIRST_FILE_ID,
      sign_requests: [],
      outbox: [],
    });
  }

  snapshot(): StoreSnapshot {
    return {
      next_seq: this.seq,
      next_short_id: this.shortId,
      next_file_id: this.fileId,
      sign_requests: [...this.requests.values()],
      outbox: this.messages,
    };
  }

  restore(snapshot: StoreSnapshot): void {
    this.seq = snapshot.next_seq;
    this.shortId = snapshot.next_short_id;
    this.fileId = snapshot.next_file_id;
    this.requests = new Map(snapshot.sign_requests.map((r) => [r.id, r]));
    this.byFile = new Map();
    for (const req of snapshot.sign_requests) this.indexFiles(req);
    this.messages = [...snapshot.outbox];
  }
}
