import type { VerificationRequirement } from './evidence';
import { isSealedSecret, maskPhoneNumber } from './sealed-secrets';
import type { SignerInput } from './sign-request-input';

/**
 * What a signer must pass, from the input, for the status, the result, the callback and the evidence record: the
 * method (or the legacy phone / login fields it replaces), and a password beside it. The phone only masked, the
 * password never: `[{type: "phone", maskedPhone: "+1•••••••90"}, {type: "password"}]`. No zod here: the workflow
 * computes it.
 */
export function verificationOf(signer: SignerInput): VerificationRequirement[] {
  const required: VerificationRequirement[] = [];
  const given: unknown = signer.verificationMethod;
  const method = isRecord(given) ? given : {};
  const methodType = method.type;
  if (methodType === 'phone') required.push({ type: 'phone', maskedPhone: maskedPhoneOf(method.phoneNumber) });
  else if (methodType === 'cac_piv') required.push({ type: 'cac_piv' });
  else if (methodType === 'login') required.push({ type: 'login' });
  if (signer.verificationPhoneNumber !== undefined) {
    required.push({ type: 'phone', maskedPhone: maskedPhoneOf(signer.verificationPhoneNumber) });
  }
  if (signer.password !== undefined) required.push({ type: 'password' });
  if (signer.loginRequired === true) required.push({ type: 'login' });
  return required;
}

function maskedPhoneOf(phone: unknown): string {
  if (typeof phone === 'string') return maskPhoneNumber(phone);
  const masked = isSealedSecret(phone) ? (phone as { masked?: unknown }).masked : undefined;
  return typeof masked === 'string' ? masked : '+?•••••••??';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
