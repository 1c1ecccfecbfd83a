/**
 * Completion callbacks: the way out for business systems. When a request ends (and, if asked, when a signer
 * decides) the workflow POSTs one event to the caller's URL, signed per the Standard Webhooks spec with the
 * starting API client's secret. Events carry no password and no phone number.
 */

/** Sent whenever a callback is given. */
export const OUTCOME_CALLBACK_EVENTS = [
  'sign_request.signed',
  'sign_request.declined',
  'sign_request.cancelled',
  'sign_request.expired',
  'sign_request.failed',
] as const;

/**
 * Sent only when listed in `callback.events`: a signer's decision, and their journey before it (their turn came,
 * they opened the document, their invitation e-mail bounced).
 */
export const OPTIONAL_CALLBACK_EVENTS = [
  'signer.signed',
  'signer.declined',
  'signer.invited',
  'signer.viewed',
  'signer.email_bounced',
  'sign_request.reissued',
] as const;

/** The journey events among the optional ones (raised in runs with the journey patch only). */
export const JOURNEY_CALLBACK_EVENTS = ['signer.invited', 'signer.viewed', 'signer.email_bounced'] as const;
export type JourneyCallbackEvent = (typeof JOURNEY_CALLBACK_EVENTS)[number];

/**
 * Sent, whenever a callback is given, when the evidence missed the outcome's wait: the outcome event went without
 * documents, and this one carries them once collected.
 */
export const EVIDENCE_CALLBACK_EVENTS = ['sign_request.documents_ready'] as const;

export type OutcomeCallbackEvent = (typeof OUTCOME_CALLBACK_EVENTS)[number];
export type OptionalCallbackEvent = (typeof OPTIONAL_CALLBACK_EVENTS)[number];
export type EvidenceCallbackEvent = (typeof EVIDENCE_CALLBACK_EVENTS)[number];
export type CallbackEventType = OutcomeCallbackEvent | OptionalCallbackEvent | EvidenceCallbackEvent;

export interface CallbackInput {
  /** https, on a public host (unless BOX_SIGN_CALLBACK_ALLOW_HOSTS lists the host). */
  url: string;
  /** Extra events besides the outcome. */
  events?: OptionalCallbackEvent[];
}
