import {
  ActivityFailure,
  ApplicationFailure,
  TimeoutFailure,
  condition,
  isCancellation,
  log,
} from '@temporalio/workflow';
import type { CallbackEventType, OptionalCallbackEvent } from '../contracts/callback';
import type {
  CallbackDelivery,
  CallbackDeliveryState,
  CallbackEvent,
  CallbackState,
  DeliveredCallback,
  QueuedCallback,
} from '../contracts/callback-delivery';
import type { SignRequestState } from '../contracts/sign-request-state';
import { CALLBACK_RETRY, callbackHost, isOutcomeCallbackEvent } from '../contracts/callback-delivery';
import { deliverCallback } from './activity-stubs';
import type { CallbackFeed } from './callback-feed';

export interface CallbackTarget {
  url: string;
  /** From the workflow's own ApiClient search attribute, never from the input. */
  apiClient: string | null;
  events: readonly OptionalCallbackEvent[];
}

/**
 * The completion callback's events, delivered one at a time, in order, in the background: the main loop (polls,
 * operator actions) goes on while a receiver is down. Undelivered events are handed to continue-as-new, and the
 * workflow's end waits for the queue to empty. A delivery that fails for good is recorded, never thrown: the
 * request's outcome does not depend on its callback.
 */
export class CallbackQueue {
  private busy = false;
  private holding = false;
  private outcomeState: CallbackDeliveryState | null = null;

  constructor(
    private readonly target: CallbackTarget,
    private readonly state: SignRequestState,
    private readonly queued: QueuedCallback[],
    private readonly publish: () => void,
    private readonly feed: CallbackFeed | null = null,
  ) {
    state.callback ??= initialCallbackState(target.url);
    this.count();
  }

  wants(type: OptionalCallbackEvent): boolean {
    return this.target.events.includes(type);
  }

  enqueue(webhookId: string, event: CallbackEvent): void {
    if (this.queued.some((item) => item.webhookId === webhookId)) return;
    this.queued.push({ webhookId, event, firstAttemptAt: null });
    this.count();
  }

  /** Starts the background delivery for the rest of this run; a Temporal cancellation ends it. */
  start(): void {
    this.pump().catch((err: unknown) => {
      if (!isCancellation(err)) throw err;
    });
  }

  hold(holding: boolean): void {
    this.holding = holding;
  }

  idle(): boolean {
    return this.queued.length === 0 && !this.busy;
  }

  /** What continue-as-new must carry: an event still in flight is sent again by the next run, with the same id. */
  pending(): QueuedCallback[] {
    return this.queued.map((item) => ({ ...item }));
  }

  /** Delivers what is queued without the background loop (after a Temporal cancellation stopped it). */
  async drain(): Promise<void> {
    await condition(() => !this.busy);
    while (this.queued.length > 0) await this.deliverNext();
  }

  private async pump(): Promise<void> {
    for (;;) {
      await condition(() => this.queued.length > 0 && !this.busy && !this.holding);
      await this.deliverNext();
    }
  }

  private async deliverNext(): Promise<void> {
    const item = this.queued[0]!;
    const callback = this.callback();
    this.busy = true;
    item.firstAttemptAt ??= new Date().toISOString();
    callback.state = 'delivering';
    callback.event = item.event.type;
    callback.attempts = 0;
    callback.lastError = null;
    this.feed?.mark(item.webhookId, 'delivering', { attempts: 0, lastError: null });
    this.publish();
    try {
      const windowLeftMs = Date.parse(item.firstAttemptAt) + CALLBACK_RETRY.windowMs - Date.now();
      const delivered = await deliverCallback(
        { url: this.target.url, apiClient: this.target.apiClient, webhookId: item.webhookId, event: item.event },
        windowLeftMs,
      );
      this.settle(item.event.type, delivered);
      this.feed?.mark(item.webhookId, 'delivered', {
        attempts: delivered.attempts,
        deliveredAt: delivered.deliveredAt,
      });
    } catch (err) {
      if (isCancellation(err)) throw err;
      const failed = describeFailure(err);
      log.warn('Callback not delivered', { event: item.event.type, host: callback.host, error: failed.lastError });
      this.settle(item.event.type, failed);
      this.feed?.mark(item.webhookId, 'failed', { attempts: failed.attempts, lastError: failed.lastError });
    } finally {
      this.busy = false;
    }
    this.queued.shift();
    this.count();
    this.publish();
  }

  private settle(type: CallbackEventType, outcome: DeliveredCallback | CallbackDelivery): void {
    const callback = this.callback();
    const delivered = 'httpStatus' in outcome;
    const delivery: CallbackDelivery = delivered
      ? { delivered: true, deliveredAt: outcome.deliveredAt, attempts: outcome.attempts, lastError: null }
      : outcome;
    callback.attempts = delivery.attempts;
    callback.lastError = delivery.lastError;
    if (delivered) {
      callback.deliveredAt = delivery.deliveredAt;
      callback.eventsDelivered += 1;
    } else {
      callback.eventsFailed += 1;
    }
    if (!isOutcomeCallbackEvent(type)) {
      // After the outcome (documents_ready), the callback's state stays the outcome's.
      callback.state = this.outcomeState ?? 'pending';
      return;
    }
    callback.state = delivered ? 'delivered' : 'failed';
    this.outcomeState = callback.state;
    if (this.state.result) this.state.result.callback = delivery;
  }

  private count(): void {
    this.callback().eventsQueued = this.queued.length;
  }

  private callback(): CallbackState {
    return this.state.callback!;
  }
}

export function initialCallbackState(url: string): CallbackState {
  return {
    host: callbackHost(url),
    state: 'pending',
    event: null,
    deliveredAt: null,
    attempts: 0,
    lastError: null,
    eventsDelivered: 0,
    eventsFailed: 0,
    eventsQueued: 0,
  };
}

/** Why a delivery was given up on, and after how many POSTs (the activity reports them in details or heartbeats). */
function describeFailure(err: unknown): CallbackDelivery {
  let attempts = 0;
  let gaveUp = false;
  let reason = err instanceof Error ? err.message : String(err);
  for (let current: unknown = err; current instanceof Error; current = current.cause) {
    if (current instanceof TimeoutFailure) {
      gaveUp = true;
      attempts = attemptsIn(current.lastHeartbeatDetails) ?? attempts;
    } else if (current instanceof ApplicationFailure) {
      attempts = attemptsIn(current.details?.[0]) ?? attempts;
      reason = current.type ? `${current.type}: ${current.message}` : current.message;
    } else if (!(current instanceof ActivityFailure)) {
      reason = current.message;
    }
  }
  const hours = CALLBACK_RETRY.windowMs / 3_600_000;
  const lastError = gaveUp ? `gave up after the ${hours} h retry window; last error: ${reason}` : reason;
  return { delivered: false, deliveredAt: null, attempts, lastError };
}

function attemptsIn(details: unknown): number | undefined {
  const attempts = (details as { attempts?: unknown } | undefined)?.attempts;
  return typeof attempts === 'number' ? attempts : undefined;
}
