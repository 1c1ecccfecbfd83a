import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Box's v2 webhook signature (box-sign-api.md §6.4, as box-typescript-sdk-gen's `computeWebhookSignature`):
 * base64(HMAC-SHA256(key, rawBody ‖ timestamp)), the body's raw bytes first, then the BOX-DELIVERY-TIMESTAMP
 * header exactly as sent, no separator, UTF-8 throughout.
 */
export function boxWebhookSignature(rawBody: Buffer | string, timestamp: string, key: string): string {
  return createHmac('sha256', Buffer.from(key, 'utf8'))
    .update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
    .update(timestamp, 'utf8')
    .digest('base64');
}

/** Constant-time comparison of two base64 signatures (decoded, lengths checked first, then timingSafeEqual). */
export function signaturesMatch(expected: string, received: string | undefined): boolean {
  if (received === undefined || received === '') return false;
  const a = Buffer.from(expected, 'base64');
  const b = Buffer.from(received, 'base64');
  return a.length > 0 && a.length === b.length && timingSafeEqual(a, b);
}
