import { hkdfSync } from 'node:crypto';

/**
 * A client's callback secret signs its callbacks and nothing else. What else needs a per-client key (the list
 * cursors) gets its own, derived from that secret with HKDF-SHA256 and a label naming the purpose and the client, so
 * no value computed for one purpose can be replayed for another, or for another client.
 */
export type DerivedKeyPurpose = 'list-cursor';

const LABEL = 'box-sign-temporal api v1';

export function derivedKey(callbackSecret: string, purpose: DerivedKeyPurpose, clientName: string): Buffer {
  const secret = Buffer.from(callbackSecret.replace(/^whsec_/, ''), 'base64');
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `${LABEL}|${purpose}|${clientName}`, 32));
}
