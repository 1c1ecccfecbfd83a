import { randomBytes, randomUUID } from 'node:crypto';
import type { WebhookSenderConfig } from './config';
import { deliveryHeaders } from './delivery-headers';
import { rfc3339 } from './payload';
import type { DeliveryKind, OutgoingEvent, SentDelivery } from './sender';

/** Deliveries a receiver must refuse (or, for `genuine`, accept): what an attacker or a broken proxy would send. */
export type CraftedKind = Exclude<DeliveryKind, 'event' | 'dropped' | 'replay'>;

export const CRAFTED_KINDS: readonly CraftedKind[] = [
  'genuine',
  'forged',
  'wrong_key',
  'stale',
  'future',
  'unsigned',
  'bad_version',
  'malformed',
];

const STALE_MS = 11 * 60 * 1000;
const FUTURE_MS = 5 * 60 * 1000;

/**
 * One delivery of `event` made wrong in one way, everything else as Box would send it:
 * forged = signed, then the body altered; wrong_key = signed with keys the receiver does not have;
 * stale / future = correctly signed over a timestamp 11 minutes old / 5 minutes ahead; unsigned = no signature
 * headers; bad_version = BOX-SIGNATURE-VERSION 2; malformed = correctly signed bytes that are not a Box event.
 */
export function craftDelivery(kind: CraftedKind, event: OutgoingEvent, config: WebhookSenderConfig): SentDelivery {
  const address = config.address ?? '';
  const keys = { primary: config.primary_key, secondary: config.secondary_key };
  const deliveryId = randomUUID();
  const nowMs = Date.now();
  const at = (ms: number) => rfc3339(ms);
  const signed = (body: string, timestamp: string, useKeys = keys) =>
    deliveryHeaders({ body, deliveryId, timestamp, keys: useKeys });
  const plain = { address, body: event.body, event };
  switch (kind) {
    case 'genuine':
      return { ...plain, headers: signed(event.body, at(nowMs)) };
    case 'forged':
      return {
        ...plain,
        headers: signed(event.body, at(nowMs)),
        body: event.body.replace(/"trigger":"[^"]*"/, '"trigger":"SIGN_REQUEST.DECLINED"'),
      };
    case 'wrong_key': {
      const stranger = randomBytes(24).toString('base64');
      return { ...plain, headers: signed(event.body, at(nowMs), { primary: stranger, secondary: stranger }) };
    }
    case 'stale':
      return { ...plain, headers: signed(event.body, at(nowMs - STALE_MS)) };
    case 'future':
      return { ...plain, headers: signed(event.body, at(nowMs + FUTURE_MS)) };
    case 'unsigned': {
      const headers = signed(event.body, at(nowMs));
      delete headers['BOX-SIGNATURE-PRIMARY'];
      delete headers['BOX-SIGNATURE-SECONDARY'];
      return { ...plain, headers };
    }
    case 'bad_version':
      return { ...plain, headers: { ...signed(event.body, at(nowMs)), 'BOX-SIGNATURE-VERSION': '2' } };
    case 'malformed': {
      const body = `{"type":"webhook_event","id":"${event.eventId}","trigger":`;
      return { ...plain, body, headers: signed(body, at(nowMs)) };
    }
  }
}
