import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { SignRequestResult } from '../contracts';
import { SignRequestAlreadyFinishedError } from './errors';

/**
 * Runs an action that needs the workflow open (an update). Temporal answers "not found" both for an id it never
 * saw and for a closed workflow: the second becomes SignRequestAlreadyFinishedError saying how it ended.
 */
export async function onOpenWorkflow<T>(client: Client, workflowId: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    const endedAs = await howItEnded(client, workflowId);
    throw endedAs === null ? err : new SignRequestAlreadyFinishedError(workflowId, endedAs);
  }
}

/** signed, declined, expired, cancelled (the outcome), or failed, terminated, timed out…; null if unknown or open. */
export async function howItEnded(client: Client, workflowId: string): Promise<string | null> {
  const handle = client.workflow.getHandle(workflowId);
  const description = await handle.describe().catch((err: unknown) => {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  });
  if (description === null || description.status.name === 'RUNNING') return null;
  if (description.status.name !== 'COMPLETED') return description.status.name.toLowerCase().replace(/_/g, ' ');
  const result = (await handle.result()) as SignRequestResult;
  return result.outcome;
}
