import type { SignRequestInput } from './sign-request-input';

/**
 * Who sends a request on Box. Box's quotas are per user (100 creates + resends, 1,000 gets per minute), so the
 * sender is also the request's Temporal fairness key: the task queues' per-key rate limit holds each sender inside
 * its own quota, for all workers together, and one sender's backlog never delays another's.
 */

/** The fairness key of requests that name no sender: they go out as the deployment's default Box identity. */
export const DEFAULT_SENDER_KEY = 'default-sender';

/** The Box user id the request is sent as (`as-user`), or undefined for the deployment's default sender. */
export function senderOf(input: Pick<SignRequestInput, 'sender'>): string | undefined {
  return input.sender?.boxUserId;
}

/** The Temporal fairness key of every activity of the request. */
export function fairnessKeyOf(input: Pick<SignRequestInput, 'sender'>): string {
  return senderOf(input) ?? DEFAULT_SENDER_KEY;
}

/**
 * Priority keys (1 highest … 5 lowest; Temporal's default is 3). Temporal orders a task queue by priority first,
 * across every fairness key, and shares fairly between keys only within one priority level: a GET that confirms a
 * webhook goes before any backstop poll on the queue (its own sender's or another's), so a burst of polls never delays
 * the news of a signature. The per-sender rate limit still holds for every level. Temporal keeps an activity's
 * priority for all its retries, so a priority that should change after a failure needs a new activity: the create's
 * first attempt is one on its own (workflows/create-phase.ts).
 */
export const ACTIVITY_PRIORITY = {
  confirmWebhook: 1,
  operatorAction: 2,
  /**
   * A create's attempts after its first failed or was lost with a crashed worker: ahead of the sender's first
   * attempts on the writes queue, so that a retry never waits behind its own sender's backlog of new creates (the
   * per-sender rate limit still holds it).
   */
  retriedCreate: 2,
  default: 3,
  backstopPoll: 4,
} as const;

/** Why a named sender is refused: the field and the rule, never the id's list. */
export function senderNotAllowedRule(by: 'deployment' | 'apiClient'): string {
  return by === 'apiClient'
    ? 'is not one of the senders this API client may name'
    : 'is not one of the deployment’s allowed senders (BOX_SIGN_ALLOWED_SENDERS)';
}
