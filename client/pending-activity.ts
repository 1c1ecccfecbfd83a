import type { Client } from '@temporalio/client';
import { decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow';
import { temporal } from '@temporalio/proto';

export type PendingActivity = temporal.api.workflow.v1.IPendingActivityInfo;

const { PENDING_ACTIVITY_STATE_STARTED } = temporal.api.enums.v1.PendingActivityState;

/** What Temporal knows of an activity still retrying: its retries are not workflow events. */
export interface PendingAttempts {
  /** Attempts started so far: the one running counts, the one scheduled does not. */
  attempts: number;
  /** The last attempt's failure, decoded (failure messages are encrypted). */
  lastFailure: Error | undefined;
  nextAttemptAt: string | null;
}

export async function pendingAttempts(client: Client, activity: PendingActivity): Promise<PendingAttempts> {
  const attempt = activity.attempt ?? 1;
  return {
    attempts: activity.state === PENDING_ACTIVITY_STATE_STARTED ? attempt : attempt - 1,
    lastFailure: await decodeOptionalFailureToOptionalError(client.options.loadedDataConverter, activity.lastFailure),
    nextAttemptAt: timestampToIso(activity.nextAttemptScheduleTime),
  };
}

type ProtoTimestamp = { seconds?: { toNumber(): number } | number | null; nanos?: number | null } | null | undefined;

export function timestampToIso(timestamp: ProtoTimestamp): string | null {
  if (!timestamp?.seconds) return null;
  const seconds = typeof timestamp.seconds === 'number' ? timestamp.seconds : timestamp.seconds.toNumber();
  return new Date(seconds * 1000 + Math.floor((timestamp.nanos ?? 0) / 1e6)).toISOString();
}
