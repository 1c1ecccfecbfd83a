import type { SignRequestOutcome } from './sign-request-status';

/**
 * Slim views of a Box sign request: what activities return (never raw Box JSON) and what the
 * workflow keeps. Signer emails are kept because decisions are matched by email (Box adds the
 * sender as a final_copy_reader, so indexes do not line up); phone numbers and passwords never are.
 */

export type SignerDecision = 'signed' | 'declined';

export interface SignerSnapshot {
  email: string;
  role: string;
  order: number;
  hasViewedDocument: boolean;
  decision: SignerDecision | null;
  decidedAt: string | null;
  /** Box's `signer_decision.additional_info`, e.g. a decline reason. */
  decisionNote: string | null;
}

export interface SignRequestSnapshot {
  signRequestId: string;
  status: string;
  signers: SignerSnapshot[];
  prepareUrl: string | null;
  signedFileIds: string[];
  signingLogFileId: string | null;
  errorCode: string | null;
  autoExpireAt: string | null;
  finishedAt: string | null;
}

/** What a status poll returns when something changed. */
export interface StatusCheck {
  snapshot: SignRequestSnapshot;
  /** Time of the GET that saw the change. */
  checkedAt: string;
  /** GETs this wait made, the one that saw the change included. */
  polls: number;
}

export type WorkflowPhase = 'validating' | 'creating' | 'waiting' | 'completed' | 'failed';

/** The workflow's whole state: one serialisable object, read by the `status` query. */
export interface SignRequestState {
  businessKey: string;
  phase: WorkflowPhase;
  signRequestId: string | null;
  boxStatus: string | null;
  signers: SignerSnapshot[];
  prepareUrl: string | null;
  lastCheckedAt: string | null;
  statusChanges: number;
  polls: number;
  outcome: SignRequestOutcome | null;
  failure: string | null;
}

export interface SignerResult {
  email: string;
  role: string;
  order: number;
  decision: SignerDecision | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

export interface SignRequestResult {
  businessKey: string;
  signRequestId: string;
  outcome: SignRequestOutcome;
  status: string;
  /** The people the caller asked for, matched by email (the sender Box adds is left out). */
  signers: SignerResult[];
  signedFileIds: string[];
  signingLogFileId: string | null;
  prepareUrl: string | null;
  finishedAt: string | null;
}
