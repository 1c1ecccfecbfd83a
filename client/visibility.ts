import type { Client } from '@temporalio/client';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import { BoxSender, BoxSignRequestId, BoxSignStatus, BusinessKey, SignerVerification } from '../contracts';
import { timestampToIso } from './pending-activity';

/** A sign request as Temporal's visibility store lists it: only its plain-text search attributes. */
export interface VisibleSignRequest {
  workflowId: string;
  executionStatus: string;
  businessKey: string | null;
  boxStatus: string | null;
  signRequestId: string | null;
  /** BoxSender: the Box user id it is sent as; null for the deployment's default identity. */
  sender: string | null;
  verification: string[];
  startTime: string;
  closeTime: string | null;
}

export interface VisiblePage {
  items: VisibleSignRequest[];
  /** Visibility's token for the next page; null on the last one. */
  nextPageToken: Uint8Array | null;
}

/**
 * One page of a visibility query (eventually consistent, newest first). The memo is never decoded: it is
 * encrypted, and a request may be under a payload key this process does not hold (retired, or another
 * deployment's), which must not make a whole listing fail.
 */
export async function listVisibleSignRequests(
  client: Client,
  query: string,
  pageSize: number,
  nextPageToken?: Uint8Array,
): Promise<VisiblePage> {
  const response = await client.workflowService.listWorkflowExecutions({
    namespace: client.options.namespace,
    query,
    pageSize,
    nextPageToken,
  });
  const items = (response.executions ?? []).map((raw): VisibleSignRequest => {
    const attributes = decodeTypedSearchAttributes(raw.searchAttributes?.indexedFields);
    return {
      workflowId: raw.execution?.workflowId ?? '',
      executionStatus: executionStatusName(raw.status),
      businessKey: attributes.get(BusinessKey) ?? null,
      boxStatus: attributes.get(BoxSignStatus) ?? null,
      signRequestId: attributes.get(BoxSignRequestId) ?? null,
      sender: attributes.get(BoxSender) ?? null,
      verification: attributes.get(SignerVerification) ?? [],
      startTime: timestampToIso(raw.startTime) ?? new Date(0).toISOString(),
      closeTime: timestampToIso(raw.closeTime),
    };
  });
  const token = response.nextPageToken;
  return { items, nextPageToken: token && token.length > 0 ? token : null };
}

/** Temporal's WorkflowExecutionStatus numbers, named as describe() names them. */
const EXECUTION_STATUSES = [
  'UNSPECIFIED',
  'RUNNING',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'TERMINATED',
  'CONTINUED_AS_NEW',
  'TIMED_OUT',
  'PAUSED',
];

function executionStatusName(status: number | null | undefined): string {
  return EXECUTION_STATUSES[status ?? 0] ?? 'UNKNOWN';
}
