import type { Client } from '@temporalio/client';
import type { SignRequestState } from '../contracts';
import { rootFailure } from './failure-cause';
import type { PendingActivity } from './pending-activity';
import { pendingAttempts } from './pending-activity';

/**
 * While the evidence is being collected, why it is still missing: the pending collectEvidence activity's last
 * failure (Box still finalizing, a 202, a download that broke off), with its attempts and the next one's time. Its
 * retries are not workflow events, so only Temporal knows this.
 */
export async function withEvidenceProgress(
  client: Client,
  state: SignRequestState,
  pending: PendingActivity[],
): Promise<SignRequestState> {
  const evidence = state.evidence;
  const activity = pending.find((a) => a.activityType?.name === 'collectEvidence');
  if (!evidence || evidence.state !== 'collecting' || !activity) return state;
  const { attempts, lastFailure, nextAttemptAt } = await pendingAttempts(client, activity);
  if (!lastFailure) return state;
  const cause = rootFailure(lastFailure);
  const reason =
    `${cause.type ? `${cause.type}: ` : ''}${cause.message} (after ${attempts} attempt(s)` +
    `${nextAttemptAt ? `; next at ${nextAttemptAt}` : ''})`;
  const updated = { ...evidence, reason };
  return { ...state, evidence: updated, result: state.result ? { ...state.result, evidence: updated } : state.result };
}
