import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { decodeTypedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
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
  /** Visibility's page token, base64url and signed for this client: opaque, and not forgeable. */
  nextCursor: string | null;
}

/**
 * One page of this client's requests from Temporal's visibility store (eventually consistent: a request started
 * a moment ago may show a moment later). Filter values are checked by the route's schema (no quotes possible).
 */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

export async function listPage(
  client: Client,
  apiClient: { name: string; callbackSecret: string },
  filter: ListFilter,
): Promise<ListPage> {
  const clientName = apiClient.name;
  const pageToken = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor, apiClient.callbackSecret);
  const clauses = [`WorkflowType = '${SIGN_REQUEST_WORKFLOW_TYPE}'`, `${ApiClient.name} = '${clientName}'`];
  if (filter.status !== undefined) clauses.push(`${BoxSignStatus.name} = '${filter.status}'`);
  if (filter.verification !== undefined) clauses.push(`${SignerVerification.name} = '${filter.verification}'`);
  const response = await client.workflowService.listWorkflowExecutions({
    namespace: client.options.namespace,
    query: clauses.join(' AND '),
    pageSize: filter.limit,
    nextPageToken: pageToken,
  });
  // Only the plain-text search attributes are read: the memo is encrypted, and may be under a retired key.
  const items = (response.executions ?? []).map((raw): ListedSignRequest => {
    const attributes = decodeTypedSearchAttributes(raw.searchAttributes?.indexedFields);
    return {
      businessKey: attributes.get(BusinessKey) ?? '',
      workflowId: raw.execution?.workflowId ?? '',
      executionStatus: executionStatusName(raw.status),
      boxStatus: attributes.get(BoxSignStatus) ?? null,
      signRequestId: attributes.get(BoxSignRequestId) ?? null,
      verification: attributes.get(SignerVerification) ?? [],
      startTime: timestampToIso(raw.startTime) ?? new Date(0).toISOString(),
      closeTime: timestampToIso(raw.closeTime),
    };
  });
  const token = response.nextPageToken;
  const nextCursor = token && token.length > 0 ? encodeCursor(Buffer.from(token), apiClient.callbackSecret) : null;
  return { items, nextCursor };
}

function encodeCursor(token: Buffer, secret: string): string {
  return `${token.toString('base64url')}.${cursorMac(token, secret).toString('base64url')}`;
}

function decodeCursor(cursor: string, secret: string): Buffer {
  const [data, mac] = cursor.split('.');
  const token = Buffer.from(data ?? '', 'base64url');
  const presented = Buffer.from(mac ?? '', 'base64url');
  const expected = cursorMac(token, secret);
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
    throw new InvalidCursorError('cursor must be a nextCursor from an earlier page');
  }
  return token;
}

/** Signed with the client's secret: a cursor is only good for the client it was given to. */
function cursorMac(token: Buffer, secret: string): Buffer {
  return createHmac('sha256', `list-cursor:${secret}`).update(token).digest().subarray(0, 16);
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

type ProtoTimestamp = { seconds?: { toNumber(): number } | number | null; nanos?: number | null } | null | undefined;

function timestampToIso(timestamp: ProtoTimestamp): string | null {
  if (!timestamp?.seconds) return null;
  const seconds = typeof timestamp.seconds === 'number' ? timestamp.seconds : timestamp.seconds.toNumber();
  return new Date(seconds * 1000 + Math.floor((timestamp.nanos ?? 0) / 1e6)).toISOString();
}
