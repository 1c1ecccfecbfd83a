import type { Client } from '@temporalio/client';
import type { CancelResult, ResendResult, SignRequestState } from '../contracts';
import { SIGN_REQUEST_WORKFLOW_TYPE, cancelUpdate, resendUpdate } from '../contracts';
import type { VisibleSignRequest } from './visibility';
import { onOpenWorkflow } from './finished-request';
import { listVisibleSignRequests } from './visibility';

/**
 * Cancels the Box request and ends the workflow as `cancelled`. Refused (WorkflowUpdateFailedError, cause of type
 * SignRequestNotCancellable) when the request cannot be cancelled now; SignRequestAlreadyFinishedError once it ended.
 */
export async function cancelSignRequest(client: Client, workflowId: string, reason?: string): Promise<CancelResult> {
  return onOpenWorkflow(client, workflowId, () =>
    client.workflow
      .getHandle(workflowId)
      .executeUpdate(cancelUpdate, { args: [reason === undefined ? {} : { reason }] }),
  );
}

/**
 * Resends to outstanding signers. Refused (WorkflowUpdateFailedError, cause of type ResendNotAllowedYet) inside
 * Box's 10-minute cool-down, with the time of the next chance; SignRequestAlreadyFinishedError once it ended.
 */
export async function resendSignRequest(client: Client, workflowId: string): Promise<ResendResult> {
  return onOpenWorkflow(client, workflowId, () => client.workflow.getHandle(workflowId).executeUpdate(resendUpdate));
}

export interface SignRequestListing {
  workflowId: string;
  executionStatus: string;
  businessKey: string | undefined;
  boxStatus: string | undefined;
  signRequestId: string | undefined;
  /** The Box user id it is sent as; undefined for the deployment's default identity. */
  sender: string | undefined;
  startTime: Date;
}

export interface SignRequestListPage {
  rows: SignRequestListing[];
  /** More requests match than `limit` let through. */
  more: boolean;
}

/** Sign requests from Temporal's visibility store (eventually consistent), newest first, optionally by Box status. */
export async function listSignRequests(
  client: Client,
  options: { boxStatus?: string; limit?: number } = {},
): Promise<SignRequestListing[]> {
  return (await listSignRequestPage(client, { limit: 100, ...options })).rows;
}

/** The same listing, up to `limit` rows (Infinity: all of them), saying whether more exist. */
export async function listSignRequestPage(
  client: Client,
  options: { boxStatus?: string; limit: number },
): Promise<SignRequestListPage> {
  const filters = [`WorkflowType = '${SIGN_REQUEST_WORKFLOW_TYPE}'`];
  if (options.boxStatus !== undefined) filters.push(`BoxSignStatus = '${options.boxStatus.replace(/'/g, '')}'`);
  const rows: SignRequestListing[] = [];
  let token: Uint8Array | undefined;
  do {
    // One row beyond the limit tells whether more exist.
    const pageSize = Math.min(options.limit + 1 - rows.length, 100);
    const page = await listVisibleSignRequests(client, filters.join(' AND '), pageSize, token);
    rows.push(...page.items.map(toListing));
    token = page.nextPageToken ?? undefined;
  } while (token !== undefined && rows.length <= options.limit);
  return { rows: rows.slice(0, options.limit), more: rows.length > options.limit };
}

function toListing(item: VisibleSignRequest): SignRequestListing {
  return {
    workflowId: item.workflowId,
    executionStatus: item.executionStatus,
    businessKey: item.businessKey ?? undefined,
    boxStatus: item.boxStatus ?? undefined,
    signRequestId: item.signRequestId ?? undefined,
    sender: item.sender ?? undefined,
    startTime: new Date(item.startTime),
  };
}

export type WatchEvent =
  | { kind: 'state'; state: SignRequestState }
  | { kind: 'waiting'; state: SignRequestState }
  | { kind: 'closed'; executionStatus: string };

/**
 * Follows a request until its workflow closes: a `state` event for each change, `waiting` on every tick without
 * one (for a spinner), then `closed`.
 */
export async function* watchSignRequest(
  client: Client,
  workflowId: string,
  readState: (workflowId: string) => Promise<SignRequestState>,
  tickMs = 1000,
): AsyncGenerator<WatchEvent> {
  const handle = client.workflow.getHandle(workflowId);
  let last = '';
  for (;;) {
    const description = await handle.describe();
    const state = await readState(workflowId);
    const key = changeKey(state);
    yield { kind: key === last ? 'waiting' : 'state', state };
    last = key;
    if (description.status.name !== 'RUNNING') {
      yield { kind: 'closed', executionStatus: description.status.name };
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
}

/** What counts as a change: not the poll's clock, but a retrying problem's new attempt or error does. */
function changeKey(state: SignRequestState): string {
  const retrying = state.retrying ? { ...state.retrying, nextAttemptAt: null } : null;
  return JSON.stringify({ ...state, lastCheckedAt: null, nextCheckAt: null, polls: null, retrying });
}
