import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { SignRequestState } from '../contracts';
import type { PendingActivity } from './pending-activity';
import { pendingAttempts } from './pending-activity';

/**
 * A callback still retrying is an activity's retries, not workflow events: its attempts so far, last error and next
 * attempt come from the pending `deliverCallback` activity.
 */
export async function withPendingDelivery(
  client: Client,
  state: SignRequestState,
  pending: PendingActivity[],
): Promise<SignRequestState> {
  const delivery = pending.find((a) => a.activityType?.name === 'deliverCallback');
  if (!delivery || !state.callback) return state;
  const { attempts, lastFailure, nextAttemptAt } = await pendingAttempts(client, delivery);
  const lastError =
    lastFailure instanceof ApplicationFailure && lastFailure.type
      ? `${lastFailure.type}: ${lastFailure.message}`
      : (lastFailure?.message ?? state.callback.lastError);
  return {
    ...state,
    callback: {
      ...state.callback,
      attempts: Math.max(state.callback.attempts, attempts),
      lastError,
      nextAttemptAt,
    },
  };
}
