import { patched, setCurrentDetails, upsertMemo } from '@temporalio/workflow';
import type { CreatedSignRequest } from '../contracts/messages';
import type { PollingPolicy } from '../contracts/sign-request-input';
import type { SignRequestState } from '../contracts/sign-request-state';
import { CREATED_MEMO_KEY, STATUS_MEMO_KEY } from '../contracts/status-memo';
import { currentDetails } from './current-details';

/** Runs started before this patch publish to the Web UI only; since, the memo holds what readers need too. */
export const STATUS_MEMO_PATCH = 'status-memo';

// Module state is this workflow's own (the sandbox gives each workflow its own modules): what the memo holds now.
let publishedState: string | undefined;
let publishedCreated: string | undefined;

/**
 * Shows the state: the Web UI's current details always; the memo (one event) only when what it holds changed, so
 * history grows with changes, not with publishes.
 */
export function showState(state: SignRequestState, polling: PollingPolicy, created?: CreatedSignRequest): void {
  setCurrentDetails(currentDetails(state, polling));
  if (!patched(STATUS_MEMO_PATCH)) return;
  const fields: Record<string, unknown> = {};
  const stateJson = JSON.stringify(state);
  if (stateJson !== publishedState) fields[STATUS_MEMO_KEY] = state;
  const createdJson = created === undefined ? publishedCreated : JSON.stringify(created);
  if (createdJson !== publishedCreated) fields[CREATED_MEMO_KEY] = created;
  if (Object.keys(fields).length === 0) return;
  upsertMemo(fields);
  publishedState = stateJson;
  publishedCreated = createdJson;
}
