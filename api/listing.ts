import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { VisibleSignRequest } from '../client/visibility';
import { listVisibleSignRequests } from '../client/visibility';
import { ApiClient, BoxSignStatus, SIGN_REQUEST_WORKFLOW_TYPE, SignerVerification } from '../contracts';
import { derivedKey } from './derived-keys';

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
  apiClient: { name: string; callbackSecrets: readonly string[] },
  filter: ListFilter,
): Promise<ListPage> {
  const clientName = apiClient.name;
  const keys = apiClient.callbackSecrets.map((secret) => derivedKey(secret, 'list-cursor', clientName));
  const pageToken = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor, keys);
  const clauses = [`WorkflowType = '${SIGN_REQUEST_WORKFLOW_TYPE}'`, `${ApiClient.name} = '${clientName}'`];
  if (filter.status !== undefined) clauses.push(`${BoxSignStatus.name} = '${filter.status}'`);
  if (filter.verification !== undefined) clauses.push(`${SignerVerification.name} = '${filter.verification}'`);
  const page = await listVisibleSignRequests(client, clauses.join(' AND '), filter.limit, pageToken);
  const items = page.items.map((item): ListedSignRequest => ({ ...item, businessKey: item.businessKey ?? '' }));
  const token = page.nextPageToken;
  const nextCursor = token && keys[0] ? encodeCursor(Buffer.from(token), keys[0]) : null;
  return { items, nextCursor };
}

function encodeCursor(token: Buffer, key: Buffer): string {
  return `${token.toString('base64url')}.${cursorMac(token, key).toString('base64url')}`;
}

/** Good under any of the client's current secrets: a rotation does not break a listing under way. */
function decodeCursor(cursor: string, keys: readonly Buffer[]): Buffer {
  const [data, mac] = cursor.split('.');
  const token = Buffer.from(data ?? '', 'base64url');
  const presented = Buffer.from(mac ?? '', 'base64url');
  const valid = keys.some((key) => {
    const expected = cursorMac(token, key);
    return presented.length === expected.length && timingSafeEqual(presented, expected);
  });
  if (!valid) throw new InvalidCursorError('cursor must be a nextCursor from an earlier page');
  return token;
}

/** Signed with the client's cursor key: a cursor is only good for the client it was given to. */
function cursorMac(token: Buffer, key: Buffer): Buffer {
  return createHmac('sha256', key).update(token).digest().subarray(0, 16);
}
