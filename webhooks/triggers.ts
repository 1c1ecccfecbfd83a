/**
 * Box's Sign webhook triggers. Box's spec and its guides disagree on three names (box-sign-api.md §6.1) and nobody
 * has confirmed which string Box sends, so every consumer here accepts both spellings and compares canonical names.
 */

/** The guide's spelling is canonical here: it is what Box's guides, blog and third-party integrations use. */
export const SignTrigger = {
  Completed: 'SIGN_REQUEST.COMPLETED',
  Declined: 'SIGN_REQUEST.DECLINED',
  Expired: 'SIGN_REQUEST.EXPIRED',
  SignerEmailBounced: 'SIGN_REQUEST.SIGNER_EMAIL_BOUNCED',
  SignerSigned: 'SIGN_REQUEST.SIGNER_SIGNED',
  SignatureRequested: 'SIGN_REQUEST.SIGNATURE_REQUESTED',
  ErrorFinalizing: 'SIGN_REQUEST.ERROR_FINALIZING',
} as const;

export type SignTriggerName = (typeof SignTrigger)[keyof typeof SignTrigger];

/** The spec enum's (and Box SDKs') names for the disputed three, keyed by the guide's name. */
export const SPEC_SPELLING: Readonly<Partial<Record<SignTriggerName, string>>> = {
  [SignTrigger.SignerSigned]: 'SIGN_REQUEST.SIGN_SIGNER_SIGNED',
  [SignTrigger.SignatureRequested]: 'SIGN_REQUEST.SIGN_DOCUMENT_CREATED',
  [SignTrigger.ErrorFinalizing]: 'SIGN_REQUEST.SIGN_ERROR_FINALIZING',
};

export type TriggerSpelling = 'guide' | 'spec';

const CANONICAL = new Map<string, SignTriggerName>([
  ...Object.values(SignTrigger).map((name) => [name, name] as const),
  ...Object.entries(SPEC_SPELLING).map(([guide, spec]) => [spec, guide as SignTriggerName] as const),
]);

/** The canonical name of a Sign trigger in either spelling, or undefined for anything else. */
export function canonicalSignTrigger(trigger: string): SignTriggerName | undefined {
  return CANONICAL.get(trigger);
}

/** A trigger written the way one side of the dispute spells it (undisputed names are the same in both). */
export function spellTrigger(trigger: SignTriggerName, spelling: TriggerSpelling): string {
  return spelling === 'spec' ? (SPEC_SPELLING[trigger] ?? trigger) : trigger;
}

/** The other spelling of a disputed trigger, or undefined when the name is not disputed. */
export function otherSpelling(trigger: string): string | undefined {
  const canonical = canonicalSignTrigger(trigger);
  const spec = canonical === undefined ? undefined : SPEC_SPELLING[canonical];
  if (canonical === undefined || spec === undefined) return undefined;
  return trigger === spec ? canonical : spec;
}

/**
 * Triggers after which a GET can show something new (status or a signer's decision), so they wake the workflow.
 * A bounced e-mail changes nothing Box's API shows, but it is news for the workflow all the same (see
 * `notifiesWorkflow`).
 */
const WAKING: ReadonlySet<SignTriggerName> = new Set([
  SignTrigger.Completed,
  SignTrigger.Declined,
  SignTrigger.Expired,
  SignTrigger.SignerSigned,
  SignTrigger.SignatureRequested,
  SignTrigger.ErrorFinalizing,
]);

export function wakesWorkflow(trigger: SignTriggerName): boolean {
  return WAKING.has(trigger);
}

/** Triggers the workflow hears of: the waking ones, and a bounce (told as the request's current problem, no GET). */
export function notifiesWorkflow(trigger: SignTriggerName): boolean {
  return wakesWorkflow(trigger) || trigger === SignTrigger.SignerEmailBounced;
}

/** The ends of a request: what the register CLI subscribes to unless told otherwise (box-sign-api.md §6.2). */
export const DEFAULT_SUBSCRIBED_TRIGGERS: readonly SignTriggerName[] = [
  SignTrigger.Completed,
  SignTrigger.Declined,
  SignTrigger.Expired,
];

/**
 * Box's own webhook-lifecycle triggers: not about a sign request, but a receiver must acknowledge them (a 4xx
 * would only make Box retry) and an operator must hear of them, because the webhook stops working.
 */
export const WEBHOOK_LIFECYCLE_TRIGGERS: ReadonlySet<string> = new Set(['WEBHOOK.DELETED', 'NO_ACTIVE_SESSION']);
