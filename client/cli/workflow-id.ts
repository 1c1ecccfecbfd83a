import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import { WORKFLOW_ID_PREFIX, workflowIdForBusinessKey } from '../../contracts';
import { CommandFailedError } from './errors';

/** The argument of every command that names one request: its workflow id, or its business key. */
export const WORKFLOW_ID_ARGUMENT = [
  '<workflowId>',
  'box-sign-<businessKey> as start printed it, or the businessKey',
] as const;

/**
 * The workflow a command names: the id as given when such a workflow exists, else the workflow of that business key
 * (`quickstart-1` → `box-sign-quickstart-1`), so a newcomer who types the key they chose finds their request.
 */
export async function resolveWorkflowId(client: Client, given: string): Promise<string> {
  if (await exists(client, given)) return given;
  const byKey = workflowIdForBusinessKey(given);
  if (!given.startsWith(WORKFLOW_ID_PREFIX) && (await exists(client, byKey))) return byKey;
  const tried = given.startsWith(WORKFLOW_ID_PREFIX) ? '' : ` (as a workflow id, nor as a business key: ${byKey})`;
  throw new CommandFailedError(`no such sign request: ${given}${tried}`);
}

async function exists(client: Client, workflowId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).describe();
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}
