import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PayloadDecryptionError } from './errors';

const ALGORITHM = 'aes-256-gcm';
/** A random 96-bit IV per payload (NIST SP 800-38D): rotate the key long before 2^32 payloads. */
export const IV_LENGTH_BYTES = 12;
export const TAG_LENGTH_BYTES = 16;

/** `IV ‖ ciphertext ‖ tag`, the layout of the samples' webcrypto codec. */
export function encrypt(plaintext: Uint8Array, key: Buffer): Buffer {
  const iv = randomBytes(IV_LENGTH_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_LENGTH_BYTES });
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

export function decrypt(sealed: Uint8Array, key: Buffer, keyId: string): Buffer {
  if (sealed.length < IV_LENGTH_BYTES + TAG_LENGTH_BYTES) {
    throw new PayloadDecryptionError(
      'truncated',
      `Encrypted payload is truncated: ${sealed.length} bytes, shorter than IV and authentication tag`,
    );
  }
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const iv = bytes.subarray(0, IV_LENGTH_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_LENGTH_BYTES);
  const ciphertext = bytes.subarray(IV_LENGTH_BYTES, bytes.length - TAG_LENGTH_BYTES);
  const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_LENGTH_BYTES });
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new PayloadDecryptionError(
      'authentication-failed',
      `Encrypted payload failed authentication with key "${keyId}": it was tampered with, truncated, or sealed with a different key`,
    );
  }
}
