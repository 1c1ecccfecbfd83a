import type { Client } from '@temporalio/client';
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers';
import {
  BoxSignRequestId,
  BoxSignStatus,
  BusinessKey,
  ApiClient,
  SIGN_REQUEST_WORKFLOW_TYPE,
  SignerVerification,
} from '../contracts';

export interface ListFilter {
  status?: string;
  verification?: string;
  cursor?: string;
  limit: number;
}

export interface ListedSignRequest {
  businessKey: string;
  workflowId: string;
  executionStatus: string;
  boxStatus: string | null;
  signRequestId: string | null;
  verification: string[];
  startTime: string;
  closeTime: string | null;
}

export interface ListPage {
  items: ListedSignRequest[];
  /** Visibility's page token, base64url: opaque to the caller. */
  nextCursor: string | null;
}

/**
 * One page of this client's requests from Temporal's visibility store (eventually consistent: a request started
 * a moment ago may show a moment later). Filter values are checked by the route's schema (no quotes possible).
 */
export async function listPage(client: Client, clientName: string, filter: ListFilter): Promise<ListPage> {
  const clauses = [`WorkflowType = '${SIGN_REQUEST_WORKFLOW_TYPE}'`, `${ApiClient.name} = '${clientName}'`];
  if (filter.status !== undefined) clauses.push(`${BoxSignStatus.name} = '${filter.status}'`);
  if (filter.verification !== undefined) clauses.push(`${SignerVerification.name} = '${filter.verification}'`);
  const response = await client.workflowService.listWorkflowExecutions({
    namespace: client.options.namespace,
    query: clauses.join(' AND '),
    pageSize: filter.limit,
    nextPageToken: filter.cursor === undefined ? undefined : Buffer.from(filter.cursor, 'base64url'),
  });
  const items: ListedSignRequest[] = [];
  for (const raw of response.executions ?? []) {
    const info = await executionInfoFromRaw(
      raw,
      client.workflow.options.loadedDataConverter,
      raw,
      client.options.namespace,
    );
    items.push({
      businessKey: info.typedSearchAttributes.get(BusinessKey) ?? '',
      workflowId: info.workflowId,
      executionStatus: info.status.name,
      boxStatus: info.typedSearchAttributes.get(BoxSignStatus) ?? null,
      signRequestId: info.typedSearchAttributes.get(BoxSignRequestId) ?? null,
      verification: info.typedSearchAttributes.get(SignerVerification) ?? [],
      startTime: info.startTime.toISOString(),
      closeTime: info.closeTime?.toISOString() ?? null,
    });
  }
  const token = response.nextPageToken;
  return { items, nextCursor: token && token.length > 0 ? Buffer.from(token).toString('base64url') : null };
}
