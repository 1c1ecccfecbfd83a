import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { ApiClient } from '../contracts';

/**
 * The workflow, if it exists and this API client started it (its ApiClient search attribute); null otherwise,
 * so another client's request looks exactly like a missing one.
 */
export async function describeOwned(
  client: Client,
  workflowId: string,
  clientName: string,
): Promise<WorkflowExecutionDescription | null> {
  const description = await describeOrNull(client, workflowId);
  if (description === null) return null;
  return description.typedSearchAttributes.get(ApiClient) === clientName ? description : null;
}

export async function describeOrNull(client: Client, workflowId: string): Promise<WorkflowExecutionDescription | null> {
  try {
    return await client.workflow.getHandle(workflowId).describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
}
