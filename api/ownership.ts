import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { ApiClient, clientScopedWorkflowId, workflowIdForBusinessKey } from '../contracts';

/**
 * This client's request for a business key, or null: first under the client-scoped id every API start uses now, then
 * under the legacy global id (`box-sign-<key>`, what the API started before ids were client-scoped) when that
 * workflow's ApiClient is this client. Another client's request, scoped or legacy, looks exactly like a missing one:
 * the same answer after the same two look-ups.
 */
export async function describeOwnedByKey(
  client: Client,
  businessKey: string,
  clientName: string,
): Promise<WorkflowExecutionDescription | null> {
  return (
    (await describeOwned(client, clientScopedWorkflowId(clientName, businessKey), clientName)) ??
    (await describeOwned(client, workflowIdForBusinessKey(businessKey), clientName))
  );
}

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
