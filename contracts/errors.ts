/**
 * The one error vocabulary. Every failure a caller or the workflow can act on is an ApplicationFailure
 * whose `type` is one of these names; retry policies name them from here, never as typed-again strings.
 * Business outcomes (declined, expired, cancelled) are results, not errors.
 */
export const ErrorType = {
  /** The input breaks a rule; nothing was sent to Box. Not retryable. */
  InvalidSignRequestInput: 'InvalidSignRequestInput',
  /**
   * A start whose business key is already used by a request started with a different input (one request per
   * business key, ever): nothing was started; the caller picks another key. The HTTP API answers it with a 409.
   */
  BusinessKeyConflict: 'BusinessKeyConflict',
  /**
   * A signer's sealed password or phone number does not open on the worker: an unknown key id (the worker lacks the
   * private key it was sealed for), or a value altered or copied from another request. Nothing was sent to Box.
   * Not retryable.
   */
  SealedSecretUnreadable: 'SealedSecretUnreadable',
  /**
   * The input names a sender (`sender.boxUserId`) that the deployment (BOX_SIGN_ALLOWED_SENDERS) or the API client
   * does not allow. Nothing was sent to Box. Not retryable.
   */
  SenderNotAllowed: 'SenderNotAllowed',
  /**
   * The input does not fit the Box Sign template it names (`templateId`), read from Box before the create: signer
   * count, order or role, a password, phone, login or card a template signer requires, a locked setting. The message
   * names the template signer by position and role. Nothing was created on Box. Not retryable.
   */
  TemplateMismatch: 'TemplateMismatch',
  /**
   * Box refused a signer's verification method for the enterprise: CAC/PIV needs the enterprise's CAC/PIV
   * permission (a Box admin turns it on). Nothing was created on Box. Not retryable.
   */
  VerificationMethodNotPermitted: 'VerificationMethodNotPermitted',
  /**
   * A start that names an HTTP API client (its ApiClient search attribute) without the API's proof that the client
   * put it there (the start binding), or with one made for another workflow, client, input or start: nothing was sent
   * to Box and no callback is signed with that client's secret. Not retryable.
   */
  UnboundApiClientStart: 'UnboundApiClientStart',
  /** Box answered with a 4xx that retrying cannot fix (400, 403, 404, …). Not retryable. */
  BoxRequestRejected: 'BoxRequestRejected',
  /** Box could not be reached or answered 429/5xx. Retried by Temporal. */
  BoxUnavailable: 'BoxUnavailable',
  /** The sign request reached one of Box's error statuses; Box needs a new request. */
  BoxSignRequestFailed: 'BoxSignRequestFailed',
  /** The create failed for a reason other than the ones above (the `created` update reports it). */
  SignRequestNotCreated: 'SignRequestNotCreated',
  /**
   * Box kept failing the create for longer than the input's `createTimeout`: the workflow looked for a request an
   * attempt may have created, cancelled it on Box if there was one, and gave up. Not retryable.
   */
  BoxCreateAbandoned: 'BoxCreateAbandoned',
  /** An operator cancel the request's current state refuses (already cancelling, or Box refuses it now). */
  SignRequestNotCancellable: 'SignRequestNotCancellable',
  /** A resend Box refuses now: the request is not waiting for signers, or the 10-minute cool-down is running. */
  ResendNotAllowedYet: 'ResendNotAllowedYet',
  /** An operator action on a request whose workflow has already finished (signed, declined, failed, …). */
  SignRequestAlreadyFinished: 'SignRequestAlreadyFinished',
  /**
   * An activity failed with an error that is not Box's and not one of ours: a bug, or an answer the code did not
   * expect. Retried no faster than the default poll cadence, counted (box_sign_unexpected_activity_errors_total) and
   * alerted on; fix and deploy, and the requests go on.
   */
  UnexpectedActivityError: 'UnexpectedActivityError',
  /** Box has not finished a request's documents (finalizing, or a file answered 202): a benign retry. */
  EvidenceNotReady: 'EvidenceNotReady',
  /** A poll found nothing new: a benign, expected retry, not an error. */
  SignRequestUnchanged: 'SignRequestUnchanged',
  /** A callback attempt failed in a way that may heal (network, timeout, 408, 429, 5xx). Retried by Temporal. */
  CallbackDeliveryFailed: 'CallbackDeliveryFailed',
  /** The callback receiver answered a 4xx other than 408/429, or a redirect (never followed). Not retried. */
  CallbackRejected: 'CallbackRejected',
  /** The callback URL breaks the URL policy when it is about to be used (DNS may have changed). Not retried. */
  CallbackUrlRefused: 'CallbackUrlRefused',
  /** The worker has no callback secret for the API client that started the request. Not retried. */
  CallbackSecretMissing: 'CallbackSecretMissing',
  /** A redelivery named a `webhook-id` the request's event feed does not hold. Refused, nothing sent. */
  CallbackEventNotFound: 'CallbackEventNotFound',
  /**
   * A reissue the request's state refuses: a signer has signed (their signature would be lost), a create or cancel is
   * in flight or queued, another reissue is under way, or the reissue was bound for another round. Nothing changed.
   */
  SignRequestNotReissuable: 'SignRequestNotReissuable',
} as const;

export type ErrorTypeName = (typeof ErrorType)[keyof typeof ErrorType];

/** One broken rule: which field (a path like `signers[1].email`) and what is wrong with it. Never the value. */
export interface ValidationIssue {
  field: string;
  rule: string;
}

export function describeIssues(issues: ValidationIssue[]): string {
  return issues.map((issue) => `${issue.field} ${issue.rule}`).join('; ');
}
