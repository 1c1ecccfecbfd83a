import type { IncomingHttpHeaders } from 'node:http';
import { DEFAULT_MAX_AGE_SECONDS } from '../config/settings/webhook-receiver';
import { boxWebhookSignature, signaturesMatch } from './signature';

/** Box's two signature keys (Developer Console → app → Webhooks → Manage signature keys); either may be absent. */
export interface SignatureKeys {
  primary?: string;
  secondary?: string;
}

/** Why a delivery was not authenticated: stable names, logged and counted, never shown to the sender. */
export type RejectionReason =
  | 'unsupported_signature_version'
  | 'unsupported_signature_algorithm'
  | 'missing_timestamp'
  | 'malformed_timestamp'
  | 'stale_timestamp'
  | 'future_timestamp'
  | 'missing_signature'
  | 'signature_mismatch';

export type DeliveryVerdict =
  { ok: true; signedWith: 'primary' | 'secondary' } | { ok: false; reason: RejectionReason };

export interface VerifyOptions {
  keys: SignatureKeys;
  /** Wall clock in epoch milliseconds. */
  nowMs: number;
  maxAgeSeconds?: number;
}

/**
 * How far ahead of our clock Box's may be. The TS SDK allows none, so a receiver whose clock is a second behind
 * Box's refused genuine deliveries; 30 s covers ordinary NTP drift and still refuses a delivery dated for later use.
 */
export const FUTURE_SKEW_SECONDS = 30;

// RFC 3339 date-time: a zone (Z or ±hh:mm) is required, fractions of a second are allowed.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Authenticates one delivery as box-typescript-sdk-gen's `WebhooksManager.validateMessage` does: version 1 and
 * HmacSHA256 only; the timestamp at most `maxAgeSeconds` old and at most FUTURE_SKEW_SECONDS ahead (the SDK allows
 * none; compared in whole seconds, as the SDK does); then the primary signature against the primary key OR the secondary against the secondary key.
 * It works on the raw body bytes, so the SDK's fallback for re-serialized bodies is never needed.
 */
export function verifyBoxDelivery(
  headers: IncomingHttpHeaders,
  rawBody: Buffer,
  options: VerifyOptions,
): DeliveryVerdict {
  // Node lower-cases incoming header names already; the rest of the algorithm reads them lower-case too.
  if (header(headers, 'box-signature-version') !== '1') return reject('unsupported_signature_version');
  if (header(headers, 'box-signature-algorithm') !== 'HmacSHA256') return reject('unsupported_signature_algorithm');
  const timestamp = header(headers, 'box-delivery-timestamp');
  if (timestamp === undefined) return reject('missing_timestamp');
  const sentAtMs = RFC3339.test(timestamp) ? Date.parse(timestamp) : NaN;
  if (Number.isNaN(sentAtMs)) return reject('malformed_timestamp');
  const sentAt = Math.floor(sentAtMs / 1000);
  const now = Math.floor(options.nowMs / 1000);
  if (now - (options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS) > sentAt) return reject('stale_timestamp');
  if (sentAt > now + FUTURE_SKEW_SECONDS) return reject('future_timestamp');

  const primary = header(headers, 'box-signature-primary');
  const secondary = header(headers, 'box-signature-secondary');
  if (primary === undefined && secondary === undefined) return reject('missing_signature');
  // Both are computed whatever the first one gives, so the time taken does not tell which key matched.
  const primaryOk = matches(rawBody, timestamp, options.keys.primary, primary);
  const secondaryOk = matches(rawBody, timestamp, options.keys.secondary, secondary);
  if (primaryOk) return { ok: true, signedWith: 'primary' };
  if (secondaryOk) return { ok: true, signedWith: 'secondary' };
  return reject('signature_mismatch');
}

function matches(rawBody: Buffer, timestamp: string, key: string | undefined, received: string | undefined): boolean {
  if (key === undefined || key === '' || received === undefined) return false;
  return signaturesMatch(boxWebhookSignature(rawBody, timestamp, key), received);
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}

function reject(reason: RejectionReason): DeliveryVerdict {
  return { ok: false, reason };
}
