import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import { spellTrigger } from './triggers';
import type { SignTriggerName } from './triggers';
import type { EmulatorClock } from '../clock';
import type { FolderTree } from '../folders';
import type { PersistedWebhooks, StoredSignRequest } from '../model';
import type { SignRequestStore } from '../store';
import type { UserDirectory } from '../users';
import { ChangeDetector } from './change-detector';
import type { WebhookSenderConfig } from './config';
import { UNREGISTERED_WEBHOOK_ID, eventBody } from './payload';
import { WebhookRegistrations } from './registrations';
import type { OutgoingEvent } from './sender';
import { WebhookSender } from './sender';

/** Re-look at least this often while something time-driven is pending (timers longer than this are not armed). */
const MAX_TIMER_MS = 60 * 60 * 1000;

/**
 * Box's webhooks, emulated: after every call the emulator answers (and when a time-driven change falls due) it
 * looks for what changed, and delivers each change once per registered webhook that fires for it (its target and
 * its triggers, see `WebhookRegistrations.matching`), to the configured address standing in for the webhook's
 * own. `triggers` in the settings narrows what the emulator's Box fires at all. With no address it does nothing
 * at all, so the emulator's lazy, read-driven lifecycle is untouched.
 */
export class EmulatorWebhooks {
  readonly sender: WebhookSender;
  readonly registrations = new WebhookRegistrations();
  private current: WebhookSenderConfig;
  private readonly detector = new ChangeDetector();
  private timer: NodeJS.Timeout | undefined;
  private lookScheduled = false;
  private dropNext = 0;
  private stopped = false;

  constructor(
    private readonly store: SignRequestStore,
    private readonly clock: EmulatorClock,
    private readonly users: UserDirectory,
    private readonly folders: FolderTree,
    private readonly startup: WebhookSenderConfig,
    logger: Logger,
  ) {
    this.current = startup;
    this.sender = new WebhookSender(() => this.current, logger);
  }

  get config(): WebhookSenderConfig {
    return this.current;
  }

  get droppingNext(): number {
    return this.dropNext;
  }

  configure(next: WebhookSenderConfig): void {
    const switchedOn = this.current.address === null && next.address !== null;
    this.current = next;
    if (switchedOn) this.detector.rebaseline();
    this.observe();
  }

  /** The next `count` events are lost on Box's side: never delivered, not retried (a dropped webhook). */
  drop(count: number): void {
    this.dropNext += count;
  }

  /** After a call changed (or may have changed) something: one look per turn of the event loop, however many calls. */
  observe(): void {
    if (this.lookScheduled || this.stopped || this.current.address === null) return;
    this.lookScheduled = true;
    setImmediate(() => {
      this.lookScheduled = false;
      this.look();
    });
  }

  /** The webhook an aimed delivery names: the first that would fire for `trigger` on `request`, if any. */
  coveringWebhookId(request: StoredSignRequest, trigger: SignTriggerName): string | null {
    return this.registrations.matching(request, trigger, this.folders)[0]?.id ?? null;
  }

  /** A new event for `request` as it is now, from `webhookId`, in the configured spelling; also for aimed ones. */
  event(
    request: StoredSignRequest,
    trigger: SignTriggerName,
    webhookId: string | null,
    includeExternalId?: boolean,
    signerEmails?: string[],
  ): OutgoingEvent {
    const eventId = randomUUID();
    const spelled = spellTrigger(trigger, this.current.trigger_spelling);
    const body = eventBody({
      eventId,
      webhookId: webhookId ?? UNREGISTERED_WEBHOOK_ID,
      trigger: spelled,
      request,
      createdAtMs: this.clock.nowMs(),
      sender: this.users.senderOf(request),
      includeExternalId: includeExternalId ?? this.current.include_external_id,
      ...(signerEmails === undefined ? {} : { signerEmails }),
    });
    return { eventId, webhookId, trigger: spelled, signRequestId: request.id, body };
  }

  /**
   * An event no look at the requests can see (a bounced e-mail changes nothing Box's API shows): delivered now, once
   * per registered webhook that fires for it, naming only `signerEmails`.
   */
  announce(request: StoredSignRequest, trigger: SignTriggerName, signerEmails: string[]): number {
    if (this.stopped || this.current.address === null || !this.current.triggers.includes(trigger)) return 0;
    const webhooks = this.registrations.matching(request, trigger, this.folders);
    for (const webhook of webhooks) this.deliver(this.event(request, trigger, webhook.id, undefined, signerEmails));
    return webhooks.length;
  }

  snapshot(): PersistedWebhooks {
    return this.registrations.snapshot();
  }

  restore(state: PersistedWebhooks | undefined): void {
    this.registrations.restore(state);
  }

  reset(): void {
    this.sender.cancelAll();
    this.sender.clearLog();
    this.registrations.clear();
    this.dropNext = 0;
    this.current = this.startup;
    this.detector.rebaseline();
    this.observe();
  }

  stop(): void {
    this.stopped = true;
    this.sender.cancelAll();
    if (this.timer) clearTimeout(this.timer);
  }

  private look(): void {
    if (this.stopped || this.current.address === null) return;
    const requests = this.store.snapshot().sign_requests;
    for (const request of requests) this.store.refresh(request);
    for (const { trigger, request } of this.detector.detect(requests)) {
      if (!this.current.triggers.includes(trigger)) continue;
      for (const webhook of this.registrations.matching(request, trigger, this.folders)) {
        this.deliver(this.event(request, trigger, webhook.id));
      }
    }
    this.armTimer(requests);
  }

  private deliver(event: OutgoingEvent): void {
    if (this.dropNext > 0) {
      this.dropNext -= 1;
      this.sender.noteDropped(event);
    } else {
      this.sender.send(event);
    }
  }

  /** The emulator applies conversion, finalizing and expiry lazily; Box would announce them when they happen. */
  private armTimer(requests: StoredSignRequest[]): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    let next = Number.POSITIVE_INFINITY;
    for (const r of requests) {
      if (r.status === 'converting') next = Math.min(next, r.converts_at);
      else if (r.status === 'finalizing' && r.finalizes_at !== null) next = Math.min(next, r.finalizes_at);
      else if (r.auto_expire_at !== null && ['created', 'sent', 'viewed'].includes(r.status)) {
        next = Math.min(next, r.auto_expire_at);
      }
    }
    if (next === Number.POSITIVE_INFINITY) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, next - this.clock.nowMs()));
    this.timer = setTimeout(() => this.look(), delay);
    this.timer.unref();
  }
}
