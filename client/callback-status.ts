import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow';
import { temporal } from '@temporalio/proto';
import type { SignRequestState } from '../contracts';

type PendingActivity = temporal.api.workflow.v1.IPendingActivityInfo;

const { PENDING_ACTIVITY_STATE_STARTED } = temporal.api.enums.v1.PendingActivityState;

/**
 * A callback still retrying is an activity's retries, not workflow events: its attempts so far, last error and next
 * attempt come from the pending `deliverCallback` activity (decoded: failure messages are encrypted).
 */
export async function withPendingDelivery(
  client: Client,
  state: SignRequestState,
  pending: PendingActivity[],
): Promise<SignRequestState> {
  const delivery = pending.find((a) => a.activityType?.name === 'deliverCallback');
  if (!delivery || !state.callback) return state;
  const attempt = delivery.attempt ?? 1;
  const attempts = delivery.state === PENDING_ACTIVITY_STATE_STARTED ? attempt : attempt - 1;
  const failure = await decodeOptionalFailureToOptionalError(client.options.loadedDataConverter, delivery.lastFailure);
  const lastError =
    failure instanceof ApplicationFailure && failure.type
      ? `${failure.type}: ${failure.message}`
      : (failure?.message ?? state.callback.lastError);
  return {
    ...state,
    callback: {
      ...state.callback,
      attempts: Math.max(state.callback.attempts, attempts),
      lastError,
      nextAttemptAt: timestampToIso(delivery.nextAttemptScheduleTime),
    },
  };
}

type ProtoTimestamp = { seconds?: { toNumber(): number } | number | null; nanos?: number | null } | null | undefined;

export function timestampToIso(timestamp: ProtoTimestamp): string | null {
  if (!timestamp?.seconds) return null;
  const seconds = typeof timestamp.seconds === 'number' ? timestamp.seconds : timestamp.seconds.toNumber();
  return new Date(seconds * 1000 + Math.floor((timestamp.nanos ?? 0) / 1e6)).toISOString();
}
