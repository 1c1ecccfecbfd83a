import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '../contracts';

/**
 * "Same body" for an idempotent POST: an HMAC-SHA256 of the input's canonical JSON (keys sorted), keyed with the
 * client's callback secret and kept in the workflow's memo. A plain hash would let whoever reads the memo try
 * guesses of a signer's password against it; the key makes that impossible without the secret.
 */
export const INPUT_HMAC_MEMO_KEY = 'apiInputHmac';

export function inputHmac(input: unknown, secret: string): string {
  return createHmac('sha256', secret).update(canonicalJson(input), 'utf8').digest('hex');
}

export function sameInput(storedHmac: unknown, input: unknown, secret: string): boolean {
  if (typeof storedHmac !== 'string' || !/^[0-9a-f]{64}$/.test(storedHmac)) return false;
  return timingSafeEqual(Buffer.from(storedHmac, 'hex'), Buffer.from(inputHmac(input, secret), 'hex'));
}
