import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { VisibleSignRequest } from '../client/visibility';
import { listVisibleSignRequests } from '../client/visibility';
import { ApiClient, BoxSignStatus, SIGN_REQUEST_WORKFLOW_TYPE, SignerVerification } from '../contracts';

export interface ListFilter {
  status?: string;
  verification?: string;
  cursor?: string;
  limit: number;
}

export type ListedSignRequest = VisibleSignRequest & { businessKey: string };

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
  const page = await listVisibleSignRequests(client, clauses.join(' AND '), filter.limit, pageToken);
  const items = page.items.map((item): ListedSignRequest => ({ ...item, businessKey: item.businessKey ?? '' }));
  const token = page.nextPageToken;
  const nextCursor = token ? encodeCursor(Buffer.from(token), apiClient.callbackSecret) : null;
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
