import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SignRequestInput } from '../contracts';
import { canonicalJson } from '../contracts';
import { INPUT_DIGEST_MEMO_KEY, inputDigest } from '../client/input-digest';

/**
 * "Same body" for an idempotent POST: the digest every starter keeps in the memo (client/input-digest.ts), with the
 * signers' secrets blinded (a password counts as present, a phone number as its mask). Nothing in it can confirm a
 * guess of a password or a phone number, whoever holds the client's secret; the price is that two bodies that differ
 * only inside a password or the hidden digits of a phone number are the same request (200, not 409).
 *
 * Requests started before that digest existed carry only `apiInputHmac`: an HMAC of the plain body keyed with the
 * client's callback secret. A repeat of such a request is still compared with it (under each of the client's current
 * secrets), so an upgrade never turns a same-body retry into a conflict; nothing new is written under that key.
 */
export const LEGACY_INPUT_HMAC_MEMO_KEY = 'apiInputHmac';

export function sameInput(
  memo: Record<string, unknown> | undefined,
  input: SignRequestInput,
  callbackSecrets: readonly string[],
): boolean {
  const digest = memo?.[INPUT_DIGEST_MEMO_KEY];
  if (typeof digest === 'string') return digest === inputDigest(input);
  const legacy = memo?.[LEGACY_INPUT_HMAC_MEMO_KEY];
  if (typeof legacy !== 'string' || !/^[0-9a-f]{64}$/.test(legacy)) return false;
  const stored = Buffer.from(legacy, 'hex');
  const body = canonicalJson(input);
  return callbackSecrets.some((secret) =>
    timingSafeEqual(stored, createHmac('sha256', secret).update(body, 'utf8').digest()),
  );
}
