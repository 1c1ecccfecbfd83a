import type { CallbackEventType, OutcomeCallbackEvent } from './callback';
import { OUTCOME_CALLBACK_EVENTS } from './callback';
import type { EvidenceDocument, EvidenceState, SignerEvidence, VerificationRequirement } from './evidence';
import type { SignRequestOutcome, SignerDecision } from './sign-request-status';

/**
 * What a completion callback sends and how its delivery is tracked. The event is built in the workflow (so every
 * retry and a continue-as-new re-send carry the same body and id) and delivered by the `deliverCallback` activity.
 */

/** Marks workflows that deliver callbacks: histories of requests with a callback started before it replay unchanged. */
export const COMPLETION_CALLBACKS_PATCH = 'completion-callbacks';

/**
 * Retries of one event: exponential back-off from 1 s, doubling, at most an hour apart, for 72 h from the first
 * attempt (the Standard Webhooks recommendation is a few days). A constant here, not a worker setting: the
 * workflow's retry policy is part of its history, so every worker must agree on it.
 */
export const CALLBACK_RETRY = {
  windowMs: 72 * 3_600_000,
  initialIntervalMs: 1_000,
  backoffCoefficient: 2,
  maximumIntervalMs: 3_600_000,
  /** Per attempt: the receiver must answer within this. */
  attemptTimeoutMs: 10_000,
} as const;

export interface CallbackSigner {
  email: string;
  role: string;
  order: number;
  decision: SignerDecision | null;
  decidedAt: string | null;
  /** What the signer had to pass (the phone masked, never a password); absent in events built before it was sent. */
  verification?: VerificationRequirement[];
  /** signer.invited only: Box's embed URLs for a signer who signs embedded (null otherwise), as of the invitation. */
  embedUrl?: string | null;
  iframeableEmbedUrl?: string | null;
  /** signer.email_bounced only: when the workflow heard of the bounce. */
  bouncedAt?: string;
}

export interface CallbackFailure {
  type: string;
  message: string;
}

/** `data` of every event; `signer` only in signer.* events, `failure` only in sign_request.failed. */
export interface CallbackEventData {
  businessKey: string;
  workflowId: string;
  signRequestId: string | null;
  /** The outcome for sign_request.* events (`failed` for a technical failure); null for signer.* events. */
  outcome: SignRequestOutcome | 'failed' | null;
  /** Box's status when the event was raised. */
  status: string | null;
  signers: CallbackSigner[];
  /** Box's signed copies, only once the request is signed (never a cancelled request's working copies). */
  signedFileIds: string[];
  signingLogFileId: string | null;
  finishedAt: string | null;
  /**
   * In sign_request.* events of runs that collect evidence: the hashed documents (empty when the evidence missed the
   * outcome's wait; sign_request.documents_ready follows with them), and where the collection is.
   */
  documents?: EvidenceDocument[];
  evidence?: EvidenceState | null;
  shortId?: string | null;
  signerEvidence?: SignerEvidence[];
  cancellation: { by: string; reason: string | null; at: string } | null;
  failure: CallbackFailure | null;
  signer?: CallbackSigner;
  /** sign_request.reissued only: the round it created and every earlier round's Box request, oldest first. */
  round?: number;
  previousSignRequestIds?: string[];
}

/** Standard Webhooks' recommended envelope. */
export interface CallbackEvent {
  type: CallbackEventType;
  /** When the workflow raised the event (not when it was sent). */
  timestamp: string;
  data: CallbackEventData;
}

/** One event waiting to be delivered; carried by continue-as-new until delivered or given up. */
export interface QueuedCallback {
  /** The `webhook-id` header: the same on every attempt and re-send, so receivers can de-duplicate. */
  webhookId: string;
  event: CallbackEvent;
  /** Workflow time of the first delivery attempt: the retry window runs from it, across continue-as-new. */
  firstAttemptAt: string | null;
}

export interface DeliverCallbackInput {
  url: string;
  /** The API client that started the request (its ApiClient search attribute): its secret signs the event. */
  apiClient: string | null;
  webhookId: string;
  event: CallbackEvent;
}

export interface DeliveredCallback {
  deliveredAt: string;
  /** POSTs it took, this one included. */
  attempts: number;
  httpStatus: number;
}

export type CallbackDeliveryState = 'pending' | 'delivering' | 'delivered' | 'failed';

/**
 * The callback in the workflow's state. `pending`: waiting for the outcome; `delivering`: an event is being sent
 * (or retried); `delivered` / `failed`: the outcome event arrived / was given up on. Host only: a URL's path and
 * query may hold a token.
 */
export interface CallbackState {
  host: string;
  state: CallbackDeliveryState;
  /** The event being delivered, or the last one. */
  event: CallbackEventType | null;
  deliveredAt: string | null;
  /** POSTs of the current (or last) event; while one is retrying the client completes it from the pending activity. */
  attempts: number;
  lastError: string | null;
  /** When the next attempt is due, filled in by the client from the pending activity. */
  nextAttemptAt?: string | null;
  eventsDelivered: number;
  eventsFailed: number;
  eventsQueued: number;
}

/** In the result: whether the outcome event reached the receiver. */
export interface CallbackDelivery {
  delivered: boolean;
  deliveredAt: string | null;
  attempts: number;
  lastError: string | null;
}

export function isOutcomeCallbackEvent(type: CallbackEventType): type is OutcomeCallbackEvent {
  return (OUTCOME_CALLBACK_EVENTS as readonly string[]).includes(type);
}

/**
 * Stable per event: workflow id, event kind and, for signer events, the signer's position (and the occurrence). Percent-encoded so
 * any business key gives a valid header value.
 */
export function callbackWebhookId(
  workflowId: string,
  type: CallbackEventType,
  signerIndex?: number,
  occurrence = 1,
): string {
  const signer = signerIndex === undefined ? '' : `_${signerIndex}`;
  // An event that can happen again (a second bounce) gets its ordinal; the first keeps the historical form.
  const again = occurrence > 1 ? `_${occurrence}` : '';
  return `msg_${encodeURIComponent(workflowId)}_${type}${signer}${again}`;
}

/** The host of a callback URL, without user info, path or query (no URL global in the workflow sandbox). */
export function callbackHost(url: string): string {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url)?.[1] ?? '';
  return authority.slice(authority.lastIndexOf('@') + 1).toLowerCase();
}
