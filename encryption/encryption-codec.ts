import type { Payload, PayloadCodec } from '@temporalio/common';
import { METADATA_ENCODING_KEY } from '@temporalio/common';
import { decrypt, encrypt } from './aes-gcm';
import { PayloadDecryptionError } from './errors';
import type { KeyRing } from './key-ring';
import { payloadFromBytes, sealablePayloadBytes } from './payload-envelope';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';

/**
 * The default payload converter's plain encodings. They pass through decode so that histories written before
 * encryption was switched on stay readable; anything else that is not ours is refused, never passed on.
 */
const PLAIN_ENCODINGS = new Set(['binary/null', 'binary/plain', 'json/plain', 'json/protobuf', 'binary/protobuf']);

/** The setting that makes decode refuse the plain encodings (a deployment whose every payload is encrypted). */
export const REQUIRE_ENCRYPTED_SETTING = 'BOX_SIGN_REQUIRE_ENCRYPTED_PAYLOADS';

/** AES-256-GCM over the whole original payload (metadata included), with the key id in the outer metadata. */
export class EncryptionCodec implements PayloadCodec {
  private readonly activeKey: Buffer;

  constructor(
    private readonly keyRing: KeyRing,
    /** Refuse plain payloads: whoever writes to Temporal without the keys cannot hand the workers an input. */
    private readonly refusePlain = false,
  ) {
    const active = keyRing.keys.get(keyRing.activeKeyId);
    if (active === undefined) throw new Error(`active key "${keyRing.activeKeyId}" is not in the key ring`);
    this.activeKey = active;
  }

  encode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.resolve(
      payloads.map((payload) => ({
        metadata: {
          [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING),
          [METADATA_KEY_ID]: utf8(this.keyRing.activeKeyId),
        },
        data: encrypt(sealablePayloadBytes(payload), this.activeKey),
      })),
    );
  }

  decode(payloads: Payload[]): Promise<Payload[]> {
    try {
      return Promise.resolve(payloads.map((payload) => this.decodeOne(payload)));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private decodeOne(payload: Payload): Payload {
    const encodingBytes = payload.metadata?.[METADATA_ENCODING_KEY];
    if (encodingBytes === undefined || encodingBytes === null) {
      throw new PayloadDecryptionError('missing-encoding', 'Payload has no encoding metadata');
    }
    const encoding = text(encodingBytes);
    if (encoding !== ENCRYPTED_ENCODING) {
      if (PLAIN_ENCODINGS.has(encoding) && !this.refusePlain) return payload;
      if (PLAIN_ENCODINGS.has(encoding)) {
        throw new PayloadDecryptionError(
          'plain-refused',
          `Payload is unencrypted (${encoding}) and ${REQUIRE_ENCRYPTED_SETTING}=true refuses unencrypted payloads: ` +
            'it was written without the payload keys (e.g. started straight through Temporal)',
        );
      }
      throw new PayloadDecryptionError(
        'unsupported-encoding',
        `Payload encoding "${printable(encoding)}" is neither ${ENCRYPTED_ENCODING} nor a plain Temporal encoding`,
      );
    }
    const keyIdBytes = payload.metadata?.[METADATA_KEY_ID];
    if (keyIdBytes === undefined || keyIdBytes === null || keyIdBytes.length === 0) {
      throw new PayloadDecryptionError('missing-key-id', `Encrypted payload has no ${METADATA_KEY_ID} metadata`);
    }
    const keyId = printable(text(keyIdBytes));
    const key = this.keyRing.keys.get(keyId);
    if (key === undefined) {
      throw new PayloadDecryptionError(
        'unknown-key-id',
        `Encrypted payload uses key "${keyId}", which is not in this key ring (known: ${[...this.keyRing.keys.keys()].join(', ')})`,
      );
    }
    const plaintext = decrypt(payload.data ?? new Uint8Array(), key, keyId);
    try {
      return payloadFromBytes(plaintext);
    } catch {
      throw new PayloadDecryptionError('malformed-envelope', `Decrypted payload (key "${keyId}") is not a payload`);
    }
  }
}

function utf8(value: string): Uint8Array {
  return Buffer.from(value, 'utf8');
}

function text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** Metadata comes from storage we do not trust: keep what is echoed in an error short and printable. */
function printable(value: string): string {
  const cleaned = value.replace(/[^\x20-\x7e]/g, '?');
  return cleaned.length > 64 ? `${cleaned.slice(0, 64)}…` : cleaned;
}
