import { createHmac, timingSafeEqual } from 'node:crypto';

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

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
