import { ApplicationFailure, upsertMemo, workflowInfo } from '@temporalio/workflow';
import type { CallbackEvent } from '../contracts/callback-delivery';
import type { FeedDelivery, FeedEntry } from '../contracts/callback-feed';
import type { SignRequestState } from '../contracts/sign-request-state';
import { FEED_EVENT_MEMO_PREFIX, MAX_FEED_EVENTS } from '../contracts/callback-feed';
import { ErrorType } from '../contracts/errors';
import { callbackFeedPatched } from './feed-patch';

/**
 * The request's event feed (contracts/callback-feed.ts): records each event raised, asked for or not, and how its
 * delivery goes. The patch is asked where the paths part: the first time the run records an event.
 */
export class CallbackFeed {
  private keeping: boolean | undefined;
  /** This run's copy of the events (by webhook-id): what was recorded here, or carried in the run's start memo. */
  private readonly events = new Map<string, CallbackEvent>();

  constructor(private readonly state: SignRequestState) {
    const memo = workflowInfo().memo ?? {};
    for (const entry of state.feed ?? []) {
      const kept = memo[`${FEED_EVENT_MEMO_PREFIX}${entry.seq}`] as { event?: CallbackEvent } | undefined;
      if (kept?.event !== undefined) this.events.set(entry.webhookId, kept.event);
    }
  }

  /** Records an event raised; `requested`: the callback asked for it (it is queued for delivery). */
  record(webhookId: string, event: CallbackEvent, requested: boolean): void {
    if (!this.keeps()) return;
    const feed = (this.state.feed ??= []);
    if (feed.some((entry) => entry.webhookId === webhookId)) return;
    if (feed.length >= MAX_FEED_EVENTS) {
      this.state.feedTruncated = true;
      return;
    }
    const seq = feed.length + 1;
    feed.push({
      seq,
      webhookId,
      type: event.type,
      timestamp: event.timestamp,
      delivery: requested ? 'pending' : 'not_requested',
      attempts: 0,
      deliveredAt: null,
      lastError: null,
      redeliveries: 0,
    });
    this.events.set(webhookId, event);
    // Written once, under its own key: memo upserts merge, so the history holds each event once.
    upsertMemo({ [`${FEED_EVENT_MEMO_PREFIX}${seq}`]: { webhookId, event } });
  }

  /** Delivery news for an event the feed keeps (nothing for one it does not). */
  mark(
    webhookId: string,
    delivery: FeedDelivery,
    outcome: Partial<Pick<FeedEntry, 'attempts' | 'deliveredAt' | 'lastError'>> = {},
  ): void {
    const entry = this.state.feed?.find((e) => e.webhookId === webhookId);
    if (entry === undefined) return;
    entry.delivery = delivery;
    if (outcome.attempts !== undefined) entry.attempts = outcome.attempts;
    if (outcome.deliveredAt !== undefined) entry.deliveredAt = outcome.deliveredAt;
    if (outcome.lastError !== undefined) entry.lastError = outcome.lastError;
  }

  /** The event to send again, as it was recorded (the same body), or a typed refusal. */
  forRedelivery(seq: number): { entry: FeedEntry; event: CallbackEvent } {
    const entry = this.state.feed?.find((e) => e.seq === seq);
    const event = entry === undefined ? undefined : this.events.get(entry.webhookId);
    if (entry === undefined || event === undefined) {
      throw ApplicationFailure.create({
        type: ErrorType.CallbackEventNotFound,
        message: 'seq: no event of this request has this place in its feed',
        nonRetryable: true,
      });
    }
    return { entry, event };
  }

  /** The memo continue-as-new carries when the feed holds events: all of it (its events once per run, bounded). */
  memo(): Record<string, unknown> {
    return { ...(workflowInfo().memo ?? {}) };
  }

  /** Whether this run keeps a feed (asks the patch the first time). */
  recording(): boolean {
    return this.keeps();
  }

  keepsAny(): boolean {
    return (this.state.feed?.length ?? 0) > 0;
  }

  private keeps(): boolean {
    this.keeping ??= callbackFeedPatched();
    return this.keeping;
  }
}
