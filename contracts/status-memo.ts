import type { CreatedSignRequest } from './messages';
import type { SignRequestState } from './sign-request-state';

/**
 * What readers need, kept in the workflow's memo whenever it changes (patch status-memo): the API and the CLI read
 * it with describe(), which replays nothing on a worker (a query does, and is billed as an action on Temporal Cloud).
 * The memo is encrypted like every payload. The `status` query stays, for a person's detailed view.
 */
export const STATUS_MEMO_KEY = 'signRequestState';
/** The `created` update's answer (with the signers' embed URLs), once Box has the request. */
export const CREATED_MEMO_KEY = 'signRequestCreated';

/** The state the workflow last published, or undefined for runs that keep none (started before the memo). */
export function stateFromMemo(memo: Record<string, unknown> | undefined): SignRequestState | undefined {
  const state = memo?.[STATUS_MEMO_KEY];
  return typeof state === 'object' && state !== null ? (state as SignRequestState) : undefined;
}

export function createdFromMemo(memo: Record<string, unknown> | undefined): CreatedSignRequest | undefined {
  const created = memo?.[CREATED_MEMO_KEY];
  return typeof created === 'object' && created !== null ? (created as CreatedSignRequest) : undefined;
}
