import { ApplicationFailure } from '@temporalio/common';
import { BoxApiError } from '../box/errors';
import { ErrorType } from '../contracts';
import { countInActivity } from '../metrics/activity-meter';
import { METRICS } from '../metrics/names';

/**
 * The one retry policy for Box calls. box/errors.ts classifies each failure once (`retryable`, `retryAfterMs`);
 * this module turns it into the Temporal failure, and Temporal's activity retries do all the retrying: no activity
 * loops over a Box call. The only other repeat is the Box client's single call after renewing the token on a 401,
 * because that is a new credential rather than a retry of the same call.
 *
 * | Box answered                                | failure                           | next attempt after              |
 * | ------------------------------------------- | --------------------------------- | ------------------------------- |
 * | 4xx other than 408/429, 507, a bad argument | BoxRequestRejected, non-retryable | never: retrying cannot fix it   |
 * | 429 (or a 5xx) with `retry-after`           | BoxUnavailable                    | retry-after × 1–1.25, or longer |
 * | 5xx, 408, a network error or timeout        | BoxUnavailable                    | back-off × 0.5–1 (jitter)       |
 *
 * The back-off is the caller's, for its current attempt (activityInfo().attempt): BOX_RETRY_BACKOFF for every
 * call but the status poll, which uses its own cadence (nextPollDelayMs). So an error while polling never waits
 * longer than the next poll would have, a 429's retry-after is a floor rather than a shortcut to poll sooner, and
 * the poll and error back-offs keep one clock instead of fighting. The jitter ("equal jitter": half the back-off
 * plus a random part of the other half, never above the schedule's maximum) spreads workers that failed together
 * — a Box outage, one 429 for many — so that they do not come back together.
 */
export const JITTER = 0.5;
export const RETRY_AFTER_SPREAD = 0.25;

export function retryDelayMs(err: BoxApiError, backoffMs: number, random: () => number = Math.random): number {
  const jittered = Math.round(backoffMs * (1 - JITTER * random()));
  if (err.retryAfterMs === undefined) return jittered;
  const afterRetryAfter = Math.ceil(err.retryAfterMs * (1 + RETRY_AFTER_SPREAD * random()));
  return Math.max(afterRetryAfter, jittered);
}

/**
 * A Box error as Temporal should see it (see the policy above). Details keep status, code and request_id (what
 * Box support asks for), never the request body. Anything that is not a BoxApiError passes through unchanged: the
 * activities classify it (classify-failure.ts).
 */
export function toActivityFailure(err: unknown, backoffMs: number, random: () => number = Math.random): unknown {
  if (!(err instanceof BoxApiError)) return err;
  const details = { status: err.status ?? null, code: err.code, requestId: err.requestId ?? null };
  if (err.retryable) {
    const delayMs = retryDelayMs(err, backoffMs, random);
    // The delay is in the details too: a workflow that schedules the next round itself reads it there (SDK 1.24
    // does not decode nextRetryDelay into the workflow's ApplicationFailure).
    return ApplicationFailure.create({
      type: ErrorType.BoxUnavailable,
      message: err.message,
      details: [{ ...details, retryDelayMs: delayMs }],
      nextRetryDelay: delayMs,
    });
  }
  return ApplicationFailure.create({
    type: ErrorType.BoxRequestRejected,
    message: err.message,
    details: [details],
    nonRetryable: true,
  });
}

/** Runs one Box call; a failure leaves as the Temporal failure above, to be retried after `backoffMs` ± jitter. */
export async function withBoxFailures<T>(call: () => Promise<T>, backoffMs: number): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const failure = toActivityFailure(err, backoffMs);
    countRetryAfter(err, failure);
    throw failure;
  }
}

/** A 429, and the wait that Box's retry-after imposed on the next attempt (metrics/names.ts). */
function countRetryAfter(err: unknown, failure: unknown): void {
  if (!(err instanceof BoxApiError) || !(failure instanceof ApplicationFailure)) return;
  if (err.status === 429) countInActivity(METRICS.boxRateLimited);
  if (err.retryAfterMs !== undefined && typeof failure.nextRetryDelay === 'number') {
    countInActivity(METRICS.boxRetryAfterWait, {}, failure.nextRetryDelay / 1000);
  }
}
