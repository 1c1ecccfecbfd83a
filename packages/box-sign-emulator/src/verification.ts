import type { StoredSignRequest, StoredSigner } from './model';

export type Verification = 'sms_code' | 'password' | 'login' | 'cac_piv';

/** The phone the signer's SMS codes go to: its method's when it has one (Box then ignores the legacy field). */
export function verificationPhone(signer: StoredSigner): string | null {
  const method = signer.verification_method ?? null;
  if (method === null) return signer.verification_phone_number;
  return method.type === 'phone' ? (method.phone_number ?? null) : null;
}

/** Whether the signer must log in to Box: its method says so, or (without one) the legacy `login_required`. */
export function needsLogin(signer: StoredSigner): boolean {
  const method = signer.verification_method ?? null;
  return method === null ? signer.login_required : method.type === 'login';
}

export const needsCard = (signer: StoredSigner): boolean => signer.verification_method?.type === 'cac_piv';

/**
 * What the signer still has to prove before `stage`. A password, a Box login and a CAC/PIV card gate viewing (and
 * so signing); an SMS code gates viewing only with `is_phone_verification_required_to_view`, otherwise signing.
 */
export function missingVerification(
  req: StoredSignRequest,
  signer: StoredSigner,
  stage: 'view' | 'sign',
): Verification | null {
  if (signer.password_hash !== null && !signer.password_verified) return 'password';
  if (needsLogin(signer) && signer.logged_in !== true) return 'login';
  if (needsCard(signer) && signer.card_presented !== true) return 'cac_piv';
  const phonePending = verificationPhone(signer) !== null && !signer.phone_verified;
  if (phonePending && (stage === 'sign' || req.is_phone_verification_required_to_view)) return 'sms_code';
  return null;
}
