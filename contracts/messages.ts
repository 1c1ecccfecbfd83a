import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { SignRequestState } from './sign-request-state';

/** Latest known state of the request, answered at any time (the CLI `status`, the Web UI). */
export const statusQuery = defineQuery<SignRequestState>('status');

export interface CancelRequest {
  reason?: string;
}

export interface CancelResult {
  /** Null when the request was cancelled while Box had not accepted it yet (nothing existed on Box). */
  signRequestId: string | null;
  status: string;
}

/** Cancels the Box request (Box's `reason`), then the workflow ends with outcome `cancelled`. */
export const cancelUpdate = defineUpdate<CancelResult, [CancelRequest]>('cancel');

export interface ResendResult {
  resentAt: string;
  resendsDone: number;
  /** The earliest time Box will accept the next resend. */
  nextAllowedAt: string;
}

/** Resends the request to outstanding signers. */
export const resendUpdate = defineUpdate<ResendResult, []>('resend');

export interface CreatedSigner {
  email: string;
  /** Box's embed URL when the signer was given `embedUrlExternalUserId`, else null. */
  embedUrl: string | null;
}

/** What a caller needs once Box has accepted the request. */
export interface CreatedSignRequest {
  signRequestId: string;
  status: string;
  /** Set when the request needs preparation in Box before it is sent. */
  prepareUrl: string | null;
  /** The signers the caller asked for, in their order (the sender Box adds is left out). */
  signers: CreatedSigner[];
}

/**
 * Answers once the Box request exists (update-with-start's early return); fails with the workflow's failure type
 * and message when the create did not succeed. Read-only: it changes neither the state nor the history's commands.
 */
export const createdUpdate = defineUpdate<CreatedSignRequest, []>('created');

/** What the webhook receiver passes on after verifying a Box delivery: a hint to look, never the truth itself. */
export interface BoxEventNotice {
  /** Box's webhook event id (stable across Box's retries). */
  eventId: string;
  /** e.g. SIGN_REQUEST.COMPLETED, in either of Box's spellings. */
  trigger: string;
  signRequestId: string | null;
  receivedAt: string;
  /**
   * SIGN_REQUEST.SIGNER_EMAIL_BOUNCED only: the addresses Box's `additional_info.signer_emails` names (which
   * signer bounced); absent for every other trigger and in notices from before bounces were passed on.
   */
  signerEmails?: string[];
}

/** A verified Box webhook for this request: the workflow confirms with one GET at once instead of waiting to poll. */
export const boxEventSignal = defineSignal<[BoxEventNotice]>('boxEvent');
