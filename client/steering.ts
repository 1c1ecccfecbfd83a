import type { Client } from '@temporalio/client';
import type { CancelResult, ResendResult, SignRequestState } from '../contracts';
import { SIGN_REQUEST_WORKFLOW_TYPE, cancelUpdate, resendUpdate } from '../contracts';
import { listVisibleSignRequests } from './visibility';

/** Cancels the Box request and ends the workflow as `cancelled`. Rejected (WorkflowUpdateFailedError) when Box would refuse. */
export async function cancelSignRequest(client: Client, workflowId: string, reason?: string): Promise<CancelResult> {
  return client.workflow
    .getHandle(workflowId)
    .executeUpdate(cancelUpdate, { args: [reason === undefined ? {} : { reason }] });
}

/** Resends to outstanding signers. Rejected inside Box's 10-minute cool-down, with the time of the next chance. */
export async function resendSignRequest(client: Client, workflowId: string): Promise<ResendResult> {
  return client.workflow.getHandle(workflowId).executeUpdate(resendUpdate);
}

export interface SignRequestListing {
  workflowId: string;
  executionStatus: string;
  businessKey: string | undefined;
  boxStatus: string | undefined;
  signRequestId: string | undefined;
  startTime: Date;
}

/** Sign requests from Temporal's visibility store (eventually consistent), newest first, optionally by Box status. */
export async function listSignRequests(
  client: Client,
  options: { boxStatus?: string; limit?: number } = {},
): Promise<SignRequestListing[]> {
  const filters = [`WorkflowType = '${SIGN_REQUEST_WORKFLOW_TYPE}'`];
  if (options.boxStatus !== undefined) filters.push(`BoxSignStatus = '${options.boxStatus.replace(/'/g, '')}'`);
  const limit = options.limit ?? 100;
  const listings: SignRequestListing[] = [];
  let token: Uint8Array | undefined;
  do {
    const page = await listVisibleSignRequests(client, filters.join(' AND '), Math.min(limit, 100), token);
    for (const item of page.items) {
      listings.push({
        workflowId: item.workflowId,
        executionStatus: item.executionStatus,
        businessKey: item.businessKey ?? undefined,
        boxStatus: item.boxStatus ?? undefined,
        signRequestId: item.signRequestId ?? undefined,
        startTime: new Date(item.startTime),
      });
    }
    token = page.nextPageToken ?? undefined;
  } while (token !== undefined && listings.length < limit);
  return listings.slice(0, limit);
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
    const key = JSON.stringify({ ...state, lastCheckedAt: null, nextCheckAt: null, polls: null });
    yield { kind: key === last ? 'waiting' : 'state', state };
    last = key;
    if (description.status.name !== 'RUNNING') {
      yield { kind: 'closed', executionStatus: description.status.name };
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
}
