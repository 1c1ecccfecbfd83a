import type { KeyObject } from 'node:crypto';
import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
} from 'node:crypto';
import { SEALED_SECRET_PATTERN, SEALED_SECRET_VERSION } from '../contracts/sealed-secrets';

/**
 * A signer secret sealed to the workers' X25519 public key, in the shape of an HPKE base-mode seal (RFC 9180):
 * a fresh ephemeral key pair per value, the shared secret through HKDF-SHA256 into an AES-256-GCM key and nonce,
 * and the context (request, signer, field) as associated data, so that a sealed value copied to another request,
 * signer or field does not open. The plaintext is padded to 32-byte blocks: the length of a password is not shown.
 */

const INFO_LABEL = 'box-sign-temporal sealed signer secret v1';
const PAD_BLOCK = 32;
const TAG_BYTES = 16;
const RAW_KEY_BYTES = 32;
// DER prefixes of an X25519 SubjectPublicKeyInfo and PKCS#8 PrivateKeyInfo, followed by the raw 32 bytes.
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

export interface SealingPublicKey {
  keyId: string;
  key: KeyObject;
}

/** The workers' private keys by id: the active pair's and the older ones that running requests were sealed with. */
export type SealingPrivateKeys = ReadonlyMap<string, KeyObject>;

/** Where a value belongs: it opens only there. */
export interface SealingContext {
  businessKey: string;
  signerEmail: string;
  field: 'password' | 'verificationPhoneNumber' | 'verificationMethod.phoneNumber';
}

export class UnsealError extends Error {
  override readonly name = 'UnsealError';
}

export function sealSecret(plaintext: string, publicKey: SealingPublicKey, context: SealingContext): string {
  const ephemeral = generateKeyPairSync('x25519');
  const enc = rawPublicKey(ephemeral.publicKey);
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: publicKey.key });
  const { key, nonce } = keySchedule(shared, enc, rawPublicKey(publicKey.key), publicKey.keyId);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(associatedData(context));
  const ciphertext = Buffer.concat([cipher.update(pad(plaintext)), cipher.final(), cipher.getAuthTag()]);
  return [SEALED_SECRET_VERSION, publicKey.keyId, enc.toString('base64url'), ciphertext.toString('base64url')].join(
    '.',
  );
}

/** The plaintext, or UnsealError saying why (never the value): malformed, an unknown key id, or it does not open. */
export function unsealSecret(sealed: string, privateKeys: SealingPrivateKeys, context: SealingContext): string {
  if (!SEALED_SECRET_PATTERN.test(sealed)) throw new UnsealError('is not a well-formed sealed value');
  const [, keyId = '', encoded = '', sealedText = ''] = sealed.split('.');
  const privateKey = privateKeys.get(keyId);
  if (privateKey === undefined) {
    const held = [...privateKeys.keys()].join(', ') || 'none';
    throw new UnsealError(`was sealed with key id "${keyId}", which this worker does not hold (it holds: ${held})`);
  }
  const enc = Buffer.from(encoded, 'base64url');
  const body = Buffer.from(sealedText, 'base64url');
  try {
    const shared = diffieHellman({ privateKey, publicKey: publicKeyFromRaw(enc) });
    const { key, nonce } = keySchedule(shared, enc, rawPublicKey(createPublicKey(privateKey)), keyId);
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(associatedData(context));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return unpad(Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]));
  } catch {
    throw new UnsealError(
      `does not open with key "${keyId}": it was altered, or sealed for another request, signer or field`,
    );
  }
}

export function generateSealingKeyPair(): { publicKey: Buffer; privateKey: Buffer } {
  const pair = generateKeyPairSync('x25519');
  return { publicKey: rawPublicKey(pair.publicKey), privateKey: rawPrivateKey(pair.privateKey) };
}

export function publicKeyFromRaw(raw: Buffer): KeyObject {
  if (raw.length !== RAW_KEY_BYTES) throw new Error(`an X25519 public key is ${RAW_KEY_BYTES} bytes`);
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

export function privateKeyFromRaw(raw: Buffer): KeyObject {
  if (raw.length !== RAW_KEY_BYTES) throw new Error(`an X25519 private key is ${RAW_KEY_BYTES} bytes`);
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, raw]), format: 'der', type: 'pkcs8' });
}

export function rawPublicKey(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
}

function rawPrivateKey(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
}

function keySchedule(shared: Buffer, enc: Buffer, recipient: Buffer, keyId: string): { key: Buffer; nonce: Buffer } {
  const info = Buffer.concat([Buffer.from(`${INFO_LABEL}|${keyId}|`), enc, recipient]);
  const okm = Buffer.from(hkdfSync('sha256', shared, Buffer.alloc(0), info, 44));
  return { key: okm.subarray(0, 32), nonce: okm.subarray(32) };
}

function associatedData({ businessKey, signerEmail, field }: SealingContext): Buffer {
  return Buffer.from(JSON.stringify([SEALED_SECRET_VERSION, businessKey, signerEmail.toLowerCase(), field]));
}

function pad(plaintext: string): Buffer {
  const text = Buffer.from(plaintext, 'utf8');
  const length = Buffer.alloc(2);
  length.writeUInt16BE(text.length);
  const size = Math.ceil((text.length + 2) / PAD_BLOCK) * PAD_BLOCK;
  return Buffer.concat([length, text, Buffer.alloc(size - text.length - 2)]);
}

function unpad(padded: Buffer): string {
  const length = padded.readUInt16BE(0);
  if (length > padded.length - 2) throw new UnsealError('has a broken padding');
  return padded.subarray(2, 2 + length).toString('utf8');
}
