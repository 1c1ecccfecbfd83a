import { BoxApiError } from './errors';
import type { BoxSignRequestCreateBody } from './models';

const SCRUBBED = '[REDACTED]';

/** What a create body holds that must never come back in an error we keep: signer passwords, phones, emails. */
export function signerSecretsOf(body: BoxSignRequestCreateBody): string[] {
  const values = new Set<string>();
  for (const signer of body.signers) {
    const phones = [signer.verification_phone_number, signer.verification_method?.phone_number];
    for (const value of [signer.password, signer.email, ...phones]) {
      if (typeof value === 'string' && value !== '') values.add(value);
    }
    // Box may echo a phone number normalised to its digits.
    for (const phone of phones) {
      const digits = phone?.replace(/\D/g, '');
      if (digits) values.add(digits);
    }
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/**
 * A Box error whose message or context_info echoes the refused request (Box's 400s sometimes quote the
 * offending value) becomes the same error with those values replaced; it then reaches logs, activity failures
 * and history without them. Anything else is returned unchanged.
 */
export function withoutEchoedValues(err: unknown, values: string[]): unknown {
  if (!(err instanceof BoxApiError) || values.length === 0) return err;
  const scrub = (text: string) => values.reduce((out, value) => out.split(value).join(SCRUBBED), text);
  return new BoxApiError({
    code: err.code,
    boxMessage: scrub(err.boxMessage),
    retryable: err.retryable,
    method: err.method,
    path: err.path,
    ...(err.status !== undefined && { status: err.status }),
    ...(err.requestId !== undefined && { requestId: err.requestId }),
    ...(err.contextInfo !== undefined && { contextInfo: scrubDeep(err.contextInfo, scrub) }),
    ...(err.retryAfterMs !== undefined && { retryAfterMs: err.retryAfterMs }),
  });
}

function scrubDeep(value: unknown, scrub: (text: string) => string): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, scrub));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubDeep(item, scrub)]));
  }
  return value;
}
