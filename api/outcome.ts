import type { Client } from '@temporalio/client';
import type { SignRequestResult } from '../contracts';
import type { signRequestWorkflow } from '../workflows';
import type { FailureSummary } from './failures';
import { failureOf } from './failures';
import { recordedState } from '../client/recorded-state';

export type OutcomeAnswer =
  | { state: 'completed'; result: SignRequestResult }
  | { state: 'failed'; failure: FailureSummary }
  | { state: 'running'; phase: string };

/** How often a long poll looks at the state's early result while the workflow runs (e.g. delivering a callback). */
const STATE_CHECK_MS = 2_000;

/**
 * The outcome, waiting up to `waitMs` for it. The state's `result` counts as soon as the workflow knows it (it may
 * still be running to deliver the callback); otherwise the closed workflow's result or failure.
 */
export async function awaitOutcome(client: Client, workflowId: string, waitMs: number): Promise<OutcomeAnswer> {
  const deadline = Date.now() + waitMs;
  const handle = client.workflow.getHandle<typeof signRequestWorkflow>(workflowId);
  for (;;) {
    const answer = await outcomeNow(client, workflowId);
    const left = deadline - Date.now();
    if (answer.state !== 'running' || left <= 0) return answer;
    // Returns at once when the workflow closes; else after a short while, to look at the state again.
    await client
      .withDeadline(Date.now() + Math.min(left, STATE_CHECK_MS), () => handle.result())
      .catch(() => undefined);
  }
}

async function outcomeNow(client: Client, workflowId: string): Promise<OutcomeAnswer> {
  const handle = client.workflow.getHandle<typeof signRequestWorkflow>(workflowId);
  const description = await handle.describe();
  if (description.status.name === 'RUNNING') {
    // The memo the workflow keeps; the query only for runs from before it (it replays the history on a worker).
    const state = await recordedState(client, workflowId, description);
    if (state.result) return { state: 'completed', result: state.result };
    if (state.phase === 'failed' && state.failureType) {
      return { state: 'failed', failure: { type: state.failureType, message: state.failure ?? state.failureType } };
    }
    return { state: 'running', phase: state.phase };
  }
  return handle.result().then(
    (result): OutcomeAnswer => ({ state: 'completed', result }),
    (err: unknown): OutcomeAnswer => ({ state: 'failed', failure: failureOf(err) }),
  );
}
