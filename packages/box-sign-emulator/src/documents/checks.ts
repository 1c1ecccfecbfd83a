import { maskPhone } from '../lifecycle';
import type { StoredSigner } from '../model';

/** What a signer had to pass, as the signing log says it: the phone masked, never the password. */
export function requiredChecks(signer: StoredSigner): string[] {
  const checks: string[] = [];
  if (signer.verification_phone_number !== null) {
    checks.push(`SMS code to ${maskPhone(signer.verification_phone_number)}`);
  }
  if (signer.password_hash !== null) checks.push('password');
  if (signer.login_required) checks.push('Box login');
  return checks;
}

export const utc = (ms: number): string =>
  `${new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, '')} UTC`;
