import type { Client } from '@temporalio/client';
import type { RetryingActivity, SignRequestState } from '../contracts';
import { ErrorType } from '../contracts';
import { rootFailure } from './failure-cause';
import type { PendingActivity } from './pending-activity';
import { pendingAttempts } from './pending-activity';

/**
 * The current problem, completed from Temporal's pending activities (their retries are not workflow events): a
 * create on its second attempt or later, or a poll whose last failure was not the benign "nothing changed". The
 * workflow's own record (between rounds of a create) is kept when no pending activity tells more.
 */
export async function withRetryingActivity(
  client: Client,
  state: SignRequestState,
  pending: PendingActivity[],
): Promise<SignRequestState> {
  const recorded = state.retrying ?? null;
  for (const activity of pending) {
    const retrying = await retryingFrom(client, activity, recorded);
    if (retrying) return { ...state, retrying };
  }
  return { ...state, retrying: recorded };
}

async function retryingFrom(
  client: Client,
  activity: PendingActivity,
  recorded: RetryingActivity | null,
): Promise<RetryingActivity | null> {
  const name = activity.activityType?.name ?? '';
  if (name !== 'createSignRequest' && name !== 'awaitStatusChange') return null;
  const { attempts, lastFailure, nextAttemptAt } = await pendingAttempts(client, activity);
  const cause = lastFailure ? rootFailure(lastFailure) : null;
  if (name === 'createSignRequest' && (activity.attempt ?? 1) <= 1 && !cause) return null;
  if (name === 'awaitStatusChange' && (!cause || cause.type === ErrorType.SignRequestUnchanged)) return null;
  const sameActivity = recorded?.activity === name ? recorded : null;
  return {
    activity: name,
    attempts: Math.max(sameActivity?.attempts ?? 0, attempts),
    lastErrorType: cause?.type ?? sameActivity?.lastErrorType ?? null,
    lastErrorMessage: cause?.message ?? sameActivity?.lastErrorMessage ?? null,
    nextAttemptAt: nextAttemptAt ?? sameActivity?.nextAttemptAt ?? null,
  };
}
