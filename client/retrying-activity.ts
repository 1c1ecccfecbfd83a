import type { Client } from '@temporalio/client';
import { decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow';
import { temporal } from '@temporalio/proto';
import type { RetryingActivity, SignRequestState } from '../contracts';
import { ErrorType } from '../contracts';
import { timestampToIso } from './callback-status';
import { rootFailure } from './failure-cause';

type PendingActivity = temporal.api.workflow.v1.IPendingActivityInfo;

const { PENDING_ACTIVITY_STATE_STARTED } = temporal.api.enums.v1.PendingActivityState;

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
  const failure = await decodeOptionalFailureToOptionalError(client.options.loadedDataConverter, activity.lastFailure);
  const cause = failure ? rootFailure(failure) : null;
  const attempt = activity.attempt ?? 1;
  if (name === 'createSignRequest' && attempt <= 1 && !cause) return null;
  if (name === 'awaitStatusChange' && (!cause || cause.type === ErrorType.SignRequestUnchanged)) return null;
  const attempts = activity.state === PENDING_ACTIVITY_STATE_STARTED ? attempt : attempt - 1;
  const sameActivity = recorded?.activity === name ? recorded : null;
  return {
    activity: name,
    attempts: Math.max(sameActivity?.attempts ?? 0, attempts),
    lastErrorType: cause?.type ?? sameActivity?.lastErrorType ?? null,
    lastErrorMessage: cause?.message ?? sameActivity?.lastErrorMessage ?? null,
    nextAttemptAt: timestampToIso(activity.nextAttemptScheduleTime) ?? sameActivity?.nextAttemptAt ?? null,
  };
}
