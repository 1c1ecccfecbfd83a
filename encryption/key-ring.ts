import { randomBytes } from 'node:crypto';

/** AES-256: keys are exactly 32 bytes. */
export const KEY_LENGTH_BYTES = 32;

const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The keys a process holds: new payloads are encrypted with the active key; every key in the ring still
 * decrypts, so a rotation never strands a running workflow.
 */
export interface KeyRing {
  readonly activeKeyId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

export function isValidKeyId(id: string): boolean {
  return KEY_ID_PATTERN.test(id);
}

/** A fresh random ring of one key (tests, the local stack); production keys come from config. */
export function generateKeyRing(keyId: string): KeyRing {
  return { activeKeyId: keyId, keys: new Map([[keyId, randomBytes(KEY_LENGTH_BYTES)]]) };
}

/** `id:base64` entries, active first: the format of BOX_SIGN_ENCRYPTION_KEYS and of a keys file. */
export function formatKeyRing(ring: KeyRing): string {
  const ids = [ring.activeKeyId, ...[...ring.keys.keys()].filter((id) => id !== ring.activeKeyId)];
  return ids.map((id) => `${id}:${ring.keys.get(id)?.toString('base64') ?? ''}`).join(',');
}

/** The same ring with `keyId` as the new active key and every older key kept for decryption. */
export function rotateKeyRing(ring: KeyRing, keyId: string, key: Buffer = randomBytes(KEY_LENGTH_BYTES)): KeyRing {
  return { activeKeyId: keyId, keys: new Map([[keyId, key], ...ring.keys]) };
}
