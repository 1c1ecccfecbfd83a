import type { CallbackDelivery, CallbackState } from './callback-delivery';
import type { FeedEntry } from './callback-feed';
import type { EvidenceDocument, EvidenceState, SignerEvidence, VerificationRequirement } from './evidence';
import type { SignRequestOutcome, SignerDecision } from './sign-request-status';

/**
 * Slim views of a Box sign request: what activities return (never raw Box JSON) and what the
 * workflow keeps. Signer emails are kept because decisions are matched by email (Box adds the
 * sender as a final_copy_reader, so indexes do not line up); phone numbers and passwords never are.
 */

export interface SignerSnapshot {
  email: string;
  role: string;
  order: number;
  hasViewedDocument: boolean;
  decision: SignerDecision | null;
  decidedAt: string | null;
  /** Box's `signer_decision.additional_info`, e.g. a decline reason. */
  decisionNote: string | null;
  /**
   * Box's embed URL for a signer created with `embed_url_external_user_id` (null otherwise). Absent from
   * snapshots recorded before it was kept.
   */
  embedUrl?: string | null;
  /** Box's `iframeable_embed_url` (null otherwise); absent from snapshots recorded before it was kept. */
  iframeableEmbedUrl?: string | null;
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

export type WorkflowPhase = 'validating' | 'creating' | 'waiting' | 'cancelling' | 'completed' | 'failed';

/** Where a signer is: waiting for earlier signers, invited, has viewed, or decided. */
export type SignerProgress = 'waiting' | 'invited' | 'viewed' | 'signed' | 'declined';

export interface SignerState {
  email: string;
  role: string;
  order: number;
  progress: SignerProgress;
  /** When the workflow first saw the signer had viewed (Box gives no view time). */
  viewedAt: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  /**
   * What the signer must pass (the phone masked, never a password): empty when nothing. Absent for a signer Box
   * added (the sender), and in states published before it was kept.
   */
  verification?: VerificationRequirement[];
}

/** A signer's invitation e-mail that Box reported bounced (SIGN_REQUEST.SIGNER_EMAIL_BOUNCED). */
export interface EmailBounce {
  /** The signer's position in the input (from 0). */
  signer: number;
  email: string;
  /** When the workflow heard of it. */
  at: string;
}

/**
 * What the workflow has told of each signer's journey (runs with the journey patch): the input positions whose
 * invitation and view were raised, and every bounce. Carried by continue-as-new inside the state.
 */
export interface JourneyState {
  invited: number[];
  viewed: number[];
  bounces: EmailBounce[];
}

/** What stands in the request's way now, for status readers and the Web UI; null when nothing does. */
export interface CurrentProblem {
  kind: 'email_bounced';
  /** The signer's position in the input (from 0). */
  signer: number;
  message: string;
  at: string;
}

export interface ResendState {
  done: number;
  lastAt: string | null;
  /** Box refuses a resend within 10 minutes of the last send. */
  nextAllowedAt: string | null;
}

export interface ReminderState {
  sent: number;
  nextAt: string | null;
}

/** Who cancelled: an operator's update, the input's deadline, a Temporal cancellation, or a create given up. */
export type CancellationSource = 'operator' | 'deadline' | 'temporal' | 'createTimeout';

export interface CancellationInfo {
  by: CancellationSource;
  reason: string | null;
  at: string;
}

/**
 * The current problem while an activity keeps failing and is retried: which activity, attempts so far, the last
 * error and when the next attempt is due. The workflow records what it learns between rounds of a create; the
 * client completes it from the pending activity (its attempts are Temporal's retries, not workflow events).
 */
export interface RetryingActivity {
  /** The activity type, e.g. `createSignRequest`, `awaitStatusChange`. */
  activity: string;
  attempts: number;
  lastErrorType: string | null;
  lastErrorMessage: string | null;
  nextAttemptAt: string | null;
}

/** The workflow's whole state: one serialisable object, read by the `status` query, carried by continue-as-new. */
export interface SignRequestState {
  businessKey: string;
  /** The Box user id it is sent as (`sender.boxUserId`); null for the deployment's default sender. Absent in older runs. */
  sender?: string | null;
  phase: WorkflowPhase;
  signRequestId: string | null;
  boxStatus: string | null;
  signers: SignerState[];
  prepareUrl: string | null;
  /** When Box first showed the request as sent: the start of its resend cool-down. */
  sentAt: string | null;
  lastCheckedAt: string | null;
  /** Filled in by the client from the pending poll (the workflow itself does not know it). */
  nextCheckAt: string | null;
  statusChanges: number;
  polls: number;
  /** Verified Box webhooks received (each confirmed with one GET). */
  boxEvents: number;
  resends: ResendState;
  reminders: ReminderState;
  deadlineAt: string | null;
  cancellation: CancellationInfo | null;
  outcome: SignRequestOutcome | null;
  failure: string | null;
  /** Set while Box keeps failing an activity (see RetryingActivity); null otherwise. Absent in older runs' states. */
  retrying?: RetryingActivity | null;
  /** The failure's stable type (contracts/errors.ts) once the workflow has failed; absent in older runs' states. */
  failureType?: string | null;
  /**
   * The result, as soon as the outcome is known: the workflow may still be running to deliver its callback, but
   * the outcome is not held back by that.
   */
  result: SignRequestResult | null;
  /** The completion callback's delivery, when the input asked for one. */
  callback: CallbackState | null;
  /** The evidence's collection once the request ended; absent before, and in runs from before evidence existed. */
  evidence?: EvidenceState | null;
  /** Runs of this workflow so far (continue-as-new starts a new one). */
  run: number;
  /** The signers' journey as told so far; absent in runs from before the journey patch. */
  journey?: JourneyState;
  /** What stands in the way now (a bounced invitation); absent or null when nothing does. */
  problem?: CurrentProblem | null;
  /** The callback's event feed (contracts/callback-feed.ts); absent in runs from before it and without a callback. */
  feed?: FeedEntry[];
  /** Set when events beyond MAX_FEED_EVENTS were sent without being kept in the feed. */
  feedTruncated?: boolean;
  /** The Box request's round: 1 until a reissue (contracts/reissue.ts); absent in runs that never reissued. */
  round?: number;
  /** Every earlier round's Box request, oldest first (cancelled by a reissue); absent until the first reissue. */
  previousSignRequestIds?: string[];
  /** The secret-blind digest of the current round's signers (a retried reissue is recognised by it). */
  reissueDigest?: string;
}

export interface SignerResult {
  email: string;
  role: string;
  order: number;
  decision: SignerDecision | null;
  decidedAt: string | null;
  decisionNote: string | null;
  /** What the signer had to pass (the phone masked, never a password); absent in results from before it was kept. */
  verification?: VerificationRequirement[];
}

export interface SignRequestResult {
  businessKey: string;
  /** Null only when the request was cancelled before Box ever accepted it (a stuck create given up). */
  signRequestId: string | null;
  outcome: SignRequestOutcome;
  status: string;
  /** The people the caller asked for, matched by email (the sender Box adds is left out). */
  signers: SignerResult[];
  /**
   * Box's signed copies: only when the outcome is `signed` (a cancelled, declined or expired request's working
   * copies were never signed, so they are not listed; results from before this rule may list them).
   */
  signedFileIds: string[];
  signingLogFileId: string | null;
  prepareUrl: string | null;
  finishedAt: string | null;
  /**
   * The evidence, hashed: signed copies, the signing log, signers' attachments. Empty while it is being collected
   * (see `evidence`); absent in results from before evidence existed.
   */
  documents?: EvidenceDocument[];
  /** Where the evidence's collection is: collected, or what is missing and why. */
  evidence?: EvidenceState | null;
  /** Box's short id of the request (`SR-…`); null until the evidence is collected. */
  shortId?: string | null;
  /** Per signer asked for: inputs, attachments, embed URL, the verification required next to the log's hash. */
  signerEvidence?: SignerEvidence[];
  /** Who cancelled and why, when the outcome is `cancelled` by this workflow. */
  cancellation: CancellationInfo | null;
  /** Whether the completion callback reached the receiver; null when none was asked for. */
  callback: CallbackDelivery | null;
}
