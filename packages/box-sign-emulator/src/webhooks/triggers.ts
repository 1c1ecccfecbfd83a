/**
 * Box Sign's webhook triggers (box-sign-api.md §6.1). Box's OpenAPI enum and its guides spell three of them
 * differently and nobody has confirmed which string Box sends, so the emulator can send either spelling and accept
 * both at registration; the guides' spelling is the canonical name here.
 */
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

/** The OpenAPI enum's names for the disputed three, keyed by the guides' name. */
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
