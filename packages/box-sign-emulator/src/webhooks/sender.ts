import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import type { WebhookSenderConfig } from './config';
import { deliveryHeaders } from './delivery-headers';
import { rfc3339 } from './payload';

/** How a delivery was made: a real event, or one of the deliberately bad ones tests ask for. */
export type DeliveryKind =
  | 'event'
  | 'dropped'
  | 'genuine'
  | 'forged'
  | 'wrong_key'
  | 'stale'
  | 'future'
  | 'unsigned'
  | 'bad_version'
  | 'malformed'
  | 'replay';

export interface DeliveryRecord {
  /** Wall-clock time of the attempt (deliveries happen in real time, whatever the emulator clock says). */
  at: string;
  delivery_id: string;
  event_id: string;
  trigger: string;
  sign_request_id: string | null;
  /** The webhook whose delivery this is (for an aimed delivery: the one covering the request, if any). */
  webhook_id: string | null;
  /** 1 for the first try, then Box's retries. */
  attempt: number;
  /** The receiver's HTTP status; 0 when it never answered (refused, reset, 30 s timeout); -1 for a dropped event. */
  status: number;
  kind: DeliveryKind;
}

export interface OutgoingEvent {
  eventId: string;
  webhookId: string | null;
  trigger: string;
  signRequestId: string | null;
  body: string;
}

/** A delivery exactly as it went out, so that a test can replay it byte for byte. */
export interface SentDelivery {
  address: string;
  headers: Record<string, string>;
  body: string;
  event: OutgoingEvent;
}

const ATTEMPT_TIMEOUT_MS = 30_000;
const MAX_IN_FLIGHT = 32;
const MAX_RECORDS = 20_000;
const MAX_REMEMBERED = 1_000;

/**
 * Posts deliveries the way Box does: signed with the keys configured at the time of each attempt, a new delivery
 * id and timestamp per attempt, and retries with doubling delays while the receiver answers anything but 2xx.
 */
export class WebhookSender {
  private records: DeliveryRecord[] = [];
  private readonly sent = new Map<string, SentDelivery>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly waiting: (() => void)[] = [];
  private inFlight = 0;
  private abort = new AbortController();

  constructor(
    private readonly config: () => WebhookSenderConfig,
    private readonly logger: Logger,
  ) {}

  /**
   * Delivers an event (retrying in the background); returns at once. A request's events go out to each webhook in
   * the order they happened: each first attempt waits for the previous one of the same request and webhook
   * (retries do not hold others up).
   */
  send(event: OutgoingEvent): void {
    const key = `${event.webhookId ?? ''}/${event.signRequestId ?? ''}`;
    const signal = this.abort.signal;
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.attempt(event, 1, signal));
    this.chains.set(key, next);
    void next.finally(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
  }

  /** One attempt and its answer, no retries: for the deliberately bad deliveries. */
  async post(
    delivery: SentDelivery,
    record: Omit<DeliveryRecord, 'at' | 'status'>,
  ): Promise<{ status: number; body: string }> {
    const answer = await this.postNow(delivery, this.abort.signal);
    this.record({ ...record, at: new Date().toISOString(), status: answer.status });
    this.remember(record.delivery_id, delivery);
    return answer;
  }

  noteDropped(event: OutgoingEvent): void {
    this.record({
      at: new Date().toISOString(),
      delivery_id: '',
      event_id: event.eventId,
      trigger: event.trigger,
      sign_request_id: event.signRequestId,
      webhook_id: event.webhookId,
      attempt: 0,
      status: -1,
      kind: 'dropped',
    });
  }

  deliveries(): DeliveryRecord[] {
    return [...this.records];
  }

  sentDelivery(deliveryId: string): SentDelivery | undefined {
    return this.sent.get(deliveryId);
  }

  lastSent(): SentDelivery | undefined {
    return [...this.sent.values()].at(-1);
  }

  /** Events still waiting for a retry or an answer. */
  get pending(): number {
    return this.timers.size + this.inFlight + this.waiting.length;
  }

  clearLog(): void {
    this.records = [];
    this.sent.clear();
  }

  /** Abandons every pending retry and in-flight delivery (reset, stop). */
  cancelAll(): void {
    this.abort.abort();
    this.abort = new AbortController();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.chains.clear();
    this.waiting.splice(0).forEach((go) => go());
  }

  private async attempt(event: OutgoingEvent, attempt: number, signal: AbortSignal): Promise<void> {
    await this.slot();
    let status: number;
    try {
      const config = this.config();
      if (signal.aborted || config.address === null) return;
      const deliveryId = randomUUID();
      const timestamp = rfc3339(Date.now());
      const keys = { primary: config.primary_key, secondary: config.secondary_key };
      const headers = deliveryHeaders({ body: event.body, deliveryId, timestamp, keys });
      const delivery: SentDelivery = { address: config.address, headers, body: event.body, event };
      status = (await this.postNow(delivery, signal)).status;
      if (signal.aborted) return;
      this.remember(deliveryId, delivery);
      this.record({
        at: new Date().toISOString(),
        delivery_id: deliveryId,
        event_id: event.eventId,
        trigger: event.trigger,
        sign_request_id: event.signRequestId,
        webhook_id: event.webhookId,
        attempt,
        status,
        kind: 'event',
      });
    } finally {
      this.release();
    }
    if (status >= 200 && status < 300) return;
    const { max_retries, retry_base_delay_ms } = this.config();
    if (attempt > max_retries) {
      this.logger.warn('emulator: webhook delivery abandoned', { event_id: event.eventId, attempts: attempt });
      return;
    }
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        void this.attempt(event, attempt + 1, signal);
      },
      retry_base_delay_ms * 2 ** (attempt - 1),
    );
    timer.unref();
    this.timers.add(timer);
  }

  private async postNow(delivery: SentDelivery, signal: AbortSignal): Promise<{ status: number; body: string }> {
    try {
      const response = await fetch(delivery.address, {
        method: 'POST',
        headers: delivery.headers,
        body: delivery.body,
        redirect: 'manual',
        signal: AbortSignal.any([signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
      });
      return { status: response.status, body: await response.text() };
    } catch {
      return { status: 0, body: '' };
    }
  }

  private async slot(): Promise<void> {
    if (this.inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight += 1;
  }

  private release(): void {
    this.inFlight -= 1;
    this.waiting.shift()?.();
  }

  private record(record: DeliveryRecord): void {
    this.records.push(record);
    if (this.records.length > MAX_RECORDS) this.records.splice(0, this.records.length - MAX_RECORDS);
  }

  private remember(deliveryId: string, delivery: SentDelivery): void {
    this.sent.set(deliveryId, delivery);
    if (this.sent.size > MAX_REMEMBERED) this.sent.delete(this.sent.keys().next().value as string);
  }
}
