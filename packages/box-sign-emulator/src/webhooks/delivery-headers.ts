import { createHmac } from 'node:crypto';

export interface SigningKeys {
  primary: string | null;
  secondary: string | null;
}

/**
 * Box's delivery headers (box-sign-api.md §6.3): a fresh delivery id per attempt, the timestamp the signature
 * covers, one signature per existing key, version 1, HmacSHA256, Box's user agent.
 */
export function deliveryHeaders(input: {
  body: string;
  deliveryId: string;
  timestamp: string;
  keys: SigningKeys;
}): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=UTF-8',
    'User-Agent': 'Box-WH-Client/0.1',
    'BOX-DELIVERY-ID': input.deliveryId,
    'BOX-DELIVERY-TIMESTAMP': input.timestamp,
    'BOX-SIGNATURE-VERSION': '1',
    'BOX-SIGNATURE-ALGORITHM': 'HmacSHA256',
  };
  if (input.keys.primary !== null) {
    headers['BOX-SIGNATURE-PRIMARY'] = boxWebhookSignature(input.body, input.timestamp, input.keys.primary);
  }
  if (input.keys.secondary !== null) {
    headers['BOX-SIGNATURE-SECONDARY'] = boxWebhookSignature(input.body, input.timestamp, input.keys.secondary);
  }
  return headers;
}

/**
 * Box's v2 webhook signature (box-sign-api.md §6.4): base64(HMAC-SHA256(key, body ‖ timestamp)), the body's bytes
 * first, then the BOX-DELIVERY-TIMESTAMP header exactly as sent, no separator, UTF-8 throughout.
 */
function boxWebhookSignature(body: string, timestamp: string, key: string): string {
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(body, 'utf8').update(timestamp, 'utf8').digest('base64');
}
