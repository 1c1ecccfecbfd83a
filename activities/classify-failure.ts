import { Context } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { BoxApiError } from '../box/errors';
import { DEFAULT_POLLING_POLICY, ErrorType } from '../contracts';
import { countInActivity } from '../metrics/activity-meter';
import { METRICS } from '../metrics/names';
import { toActivityFailure } from './box-failure';
import { nextPollDelayMs } from './poll-delay';

/**
 * Every error that leaves a Box activity, classified. Box's own (BoxApiError) follow the Box retry policy
 * (box-failure.ts); the activity's typed failures and cancellations pass as they are. Anything else — a bug, an
 * answer the code did not expect — is UnexpectedActivityError: still retried (a fix deployed lets the request go on),
 * but never faster than the default poll cadence for this attempt (5 s, then up to 10 minutes), so a bug does not
 * spend a sender's Box quota every few seconds per open request; counted, and alerted on (BoxSignUnexpectedErrors).
 */
export function classifyFailure(err: unknown, backoffMs: number, attempt: number): unknown {
  if (err instanceof BoxApiError) return toActivityFailure(err, backoffMs);
  if (err instanceof ApplicationFailure || err instanceof CancelledFailure || cancelled()) return err;
  const name = err instanceof Error ? err.name : typeof err;
  countInActivity(METRICS.unexpectedErrors);
  return ApplicationFailure.create({
    type: ErrorType.UnexpectedActivityError,
    // The error's own message, never its cause's or the input: it may have been built from Box's answer.
    message: `${name}: ${err instanceof Error ? err.message : 'a non-error value was thrown'}`,
    nextRetryDelay: unexpectedErrorDelayMs(backoffMs, attempt),
  });
}

/** The longer of the caller's own back-off and the default poll cadence at this attempt. */
export function unexpectedErrorDelayMs(backoffMs: number, attempt: number): number {
  return Math.max(backoffMs, nextPollDelayMs(DEFAULT_POLLING_POLICY, attempt));
}

/** Runs an activity's body; whatever it throws leaves classified (above). */
export async function classifyingFailures<T>(backoffMs: number, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    throw classifyFailure(err, backoffMs, Context.current().info.attempt);
  }
}

/** An error thrown because the activity was cancelled (an aborted call) must reach the SDK as it is. */
function cancelled(): boolean {
  try {
    return Context.current().cancellationSignal.aborted;
  } catch {
    return false;
  }
}
