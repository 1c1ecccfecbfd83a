import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import type { SignRequestState } from '../contracts';
import { stateFromMemo, statusQuery } from '../contracts';

/**
 * The state the workflow last published in its memo, read with describe(): a query would replay the history on a
 * worker each time (and needs one running). Runs from before the status memo are asked with the query.
 */
export async function recordedState(
  client: Client,
  workflowId: string,
  description?: WorkflowExecutionDescription,
): Promise<SignRequestState> {
  const handle = client.workflow.getHandle(workflowId);
  const described = description ?? (await handle.describe());
  return stateFromMemo(described.memo) ?? (await handle.query(statusQuery));
}
