import type { StoredSignRequest, StoredSigner } from './model';

export type Verification = 'sms_code' | 'password';

/**
 * What the signer still has to prove before `stage`. A password always gates viewing; an SMS code gates
 * viewing only with `is_phone_verification_required_to_view`, otherwise signing.
 */
export function missingVerification(
  req: StoredSignRequest,
  signer: StoredSigner,
  stage: 'view' | 'sign',
): Verification | null {
  if (signer.password_hash !== null && !signer.password_verified) return 'password';
  const phonePending = signer.verification_phone_number !== null && !signer.phone_verified;
  if (phonePending && (stage === 'sign' || req.is_phone_verification_required_to_view)) return 'sms_code';
  return null;
}
