import { defineUpdate } from '@temporalio/workflow';
import type { CreatedSigner } from './messages';
import type { SignerInput } from './sign-request-input';

/**
 * Correct and reissue: Box has no API to correct a sent request, so the workflow cancels it on Box and creates a new
 * one with the corrected signers, under the same business key and workflow. Each round is its own Box request with its
 * own external_id (contracts/workflow-identity.ts, roundExternalId); the earlier ones are listed in
 * `previousSignRequestIds`.
 */

/** Runs from before this patch answered no reissue; its marker is recorded when the first reissue is carried out. */
export const REISSUE_PATCH = 'reissue';

export interface ReissueRequest {
  /** The corrected signers in full: same count and positions; e-mail, phone, password, verification may change. */
  signers: SignerInput[];
  /** The round this reissue creates (the current round + 1): a reissue bound for another round is refused. */
  round: number;
  /**
   * The secret-blind digest of the corrected signers (client/input-digest.ts, signersDigest): a reissue with the same
   * digest as the current round's is a retry, answered with the current round, and does nothing.
   */
  digest: string;
  /**
   * The API's proof that its client asked for this reissue (encryption/start-binding.ts, bindReissue): checked by the
   * worker before the Box request is cancelled and again before the new create. Absent for requests no API client owns.
   */
  binding?: unknown;
}

export interface ReissueResult {
  /** The new round's Box request. */
  signRequestId: string;
  status: string;
  round: number;
  /** Every earlier round's Box request, oldest first (each cancelled on Box). */
  previousSignRequestIds: string[];
  prepareUrl: string | null;
  signers: CreatedSigner[];
}

/** Cancels the current Box request and creates a new one with the corrected signers (typed refusals: ErrorType). */
export const reissueUpdate = defineUpdate<ReissueResult, [ReissueRequest]>('reissue');

/** What a run hands to the next (continue-as-new) about reissues: the next run's input keeps the start's signers. */
export interface ReissuedSigners {
  signers: SignerInput[];
}
