import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import type { CallbackEvent, FeedEntry, RedeliverResult } from '../contracts';
import { FEED_EVENT_MEMO_PREFIX, redeliverUpdate, stateFromMemo } from '../contracts';
import { onOpenWorkflow } from './finished-request';

/** One event of a request's feed: its entry, and the event exactly as it was (or would be) signed and sent. */
export interface FeedEvent extends Omit<FeedEntry, 'seq'> {
  /** Its place in the feed, from 1: the id that names it for redelivery (short and stable, unlike the webhook-id). */
  id: number;
  /** The JSON body that was (or would be) signed: the event, serialised as the delivery serialises it. */
  body: string;
  event: CallbackEvent;
}

export interface EventFeed {
  events: FeedEvent[];
  /** Events beyond the feed's bound were sent without being kept. */
  truncated: boolean;
}

/**
 * The request's event feed, from the memo (describe(), no query, works after the request ended): every event the
 * workflow raised, in order. Null when the request keeps none (no callback, or started before the feed).
 */
export function eventFeedOf(description: WorkflowExecutionDescription): EventFeed | null {
  const state = stateFromMemo(description.memo);
  if (!state?.feed) return null;
  const memo = description.memo ?? {};
  const events = state.feed.flatMap(({ seq, ...entry }): FeedEvent[] => {
    const kept = memo[`${FEED_EVENT_MEMO_PREFIX}${seq}`] as { event?: CallbackEvent } | undefined;
    if (kept?.event === undefined) return [];
    return [{ id: seq, ...entry, body: JSON.stringify(kept.event), event: kept.event }];
  });
  return { events, truncated: state.feedTruncated === true };
}

/**
 * Sends event `id` (its place in the feed) again, signed anew with the same `webhook-id` and body; answers once it is
 * queued (its delivery shows in the feed). Refused with CallbackEventNotFound for an id the feed does not hold,
 * SignRequestAlreadyFinishedError once the workflow has closed.
 */
export async function redeliverEvent(client: Client, workflowId: string, id: number): Promise<RedeliverResult> {
  return onOpenWorkflow(client, workflowId, () =>
    client.workflow.getHandle(workflowId).executeUpdate(redeliverUpdate, { args: [{ seq: id }] }),
  );
}
