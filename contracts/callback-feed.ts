import { defineUpdate } from '@temporalio/workflow';
import type { CallbackEventType } from './callback';

/**
 * The request's event feed: every callback event the workflow raised, asked for or not, in order, with its delivery.
 * The state keeps one small entry per event (carried by continue-as-new inside the state); each event itself is
 * written once into the memo under its own key (`callbackEvent.<seq>`), so the history holds each event once per
 * run, and readers get the exact body from describe().
 */

/** Runs from before this patch kept no feed and answered no redelivery. */
export const CALLBACK_FEED_PATCH = 'callback-event-feed';

/** Memo key of event `seq`: the event exactly as it was (or would have been) signed and sent. */
export const FEED_EVENT_MEMO_PREFIX = 'callbackEvent.';

/**
 * At most this many events are kept per request (35 signers × 5 signer events, the outcome, documents_ready, with
 * room to spare); later ones are still sent, the feed notes it (`feedTruncated`).
 */
export const MAX_FEED_EVENTS = 200;

/** `not_requested`: raised but not in `callback.events`, so never sent (redeliverable all the same). */
export type FeedDelivery = 'not_requested' | 'pending' | 'delivering' | 'delivered' | 'failed';

export interface FeedEntry {
  /** From 1, in the order the events were raised. */
  seq: number;
  /** The `webhook-id` it was (or would be) sent with; redeliveries keep it. */
  webhookId: string;
  type: CallbackEventType;
  /** The event's own `timestamp`. */
  timestamp: string;
  delivery: FeedDelivery;
  /** POSTs of the last delivery (or redelivery). */
  attempts: number;
  deliveredAt: string | null;
  lastError: string | null;
  /** Redeliveries asked for so far. */
  redeliveries: number;
}

export interface RedeliverRequest {
  /**
   * The event's place in the feed (`seq`): what the workflow looks it up by, the same on replay (its `webhook-id`
   * holds the workflow id, which a replay under another id would not).
   */
  seq: number;
}

export interface RedeliverResult {
  webhookId: string;
  delivery: 'pending';
  redeliveries: number;
}

/** Sends one event of the feed again, signed anew, with the same `webhook-id` and the same body. */
export const redeliverUpdate = defineUpdate<RedeliverResult, [RedeliverRequest]>('redeliverCallback');
