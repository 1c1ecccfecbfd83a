import { maskPhone } from '../lifecycle';
import type { StoredSigner } from '../model';
import { needsCard, needsLogin, verificationPhone } from '../verification';

/** What a signer had to pass, as the signing log says it: the phone masked, never the password. */
export function requiredChecks(signer: StoredSigner): string[] {
  const checks: string[] = [];
  const phone = verificationPhone(signer);
  if (phone !== null) checks.push(`SMS code to ${maskPhone(phone)}`);
  if (signer.password_hash !== null) checks.push('password');
  if (needsLogin(signer)) checks.push('Box login');
  if (needsCard(signer)) checks.push('CAC/PIV card');
  return checks;
}

export const utc = (ms: number): string =>
  `${new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, '')} UTC`;
