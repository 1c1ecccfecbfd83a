import type { Payload } from '@temporalio/common';
import { defaultPayloadConverter, METADATA_ENCODING_KEY } from '@temporalio/common';
import { ENCRYPTED_ENCODING, EncryptionCodec, METADATA_KEY_ID } from '../../encryption/encryption-codec';
import { PayloadDecryptionError } from '../../encryption/errors';
import { generateKeyRing, rotateKeyRing } from '../../encryption/key-ring';

const secret = { password: 'correct horse battery', phone: '+15551232190', email: 'pat@example.com' };
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('utf8');

async function sealed(codec: EncryptionCodec, value: unknown = secret): Promise<Payload> {
  const [payload] = await codec.encode([defaultPayloadConverter.toPayload(value)]);
  if (payload === undefined) throw new Error('no payload');
  return payload;
}

async function decodeError(codec: EncryptionCodec, payload: Payload): Promise<PayloadDecryptionError> {
  try {
    await codec.decode([payload]);
  } catch (err) {
    if (err instanceof PayloadDecryptionError) return err;
    throw err;
  }
  throw new Error('expected decode to fail');
}

describe('the AES-256-GCM payload codec', () => {
  const ringA = generateKeyRing('key-a');
  const codec = new EncryptionCodec(ringA);

  it('round-trips a payload, metadata included, and leaves no plaintext in the encoded form', async () => {
    const original = defaultPayloadConverter.toPayload(secret);
    const encoded = await sealed(codec);
    expect(text(encoded.metadata?.[METADATA_ENCODING_KEY])).toBe(ENCRYPTED_ENCODING);
    expect(text(encoded.metadata?.[METADATA_KEY_ID])).toBe('key-a');
    expect(Object.keys(encoded.metadata ?? {}).sort()).toEqual([METADATA_KEY_ID, METADATA_ENCODING_KEY].sort());
    for (const value of Object.values(secret)) expect(Buffer.from(encoded.data ?? []).includes(value)).toBe(false);

    const [decoded] = await codec.decode([encoded]);
    expect(text(decoded?.metadata?.[METADATA_ENCODING_KEY])).toBe('json/plain');
    expect(Buffer.from(decoded?.data ?? []).equals(Buffer.from(original.data ?? []))).toBe(true);
    expect(defaultPayloadConverter.fromPayload(decoded as Payload)).toEqual(secret);
  });

  it('uses a fresh random 96-bit IV for every payload', async () => {
    const first = await sealed(codec);
    const second = await sealed(codec);
    expect(Buffer.from(first.data ?? []).subarray(0, 12)).not.toEqual(Buffer.from(second.data ?? []).subarray(0, 12));
    expect(first.data).not.toEqual(second.data);
  });

  it('after a rotation writes with the new key and still reads what the old key wrote', async () => {
    const rotated = new EncryptionCodec(rotateKeyRing(ringA, 'key-b'));
    const old = await sealed(codec);
    const fresh = await sealed(rotated);
    expect(text(fresh.metadata?.[METADATA_KEY_ID])).toBe('key-b');
    const decoded = await rotated.decode([old, fresh]);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([secret, secret]);
  });

  it('refuses a payload sealed with a key id it does not hold, naming the id', async () => {
    const other = new EncryptionCodec(generateKeyRing('key-z'));
    const error = await decodeError(codec, await sealed(other));
    expect(error.reason).toBe('unknown-key-id');
    expect(error.message).toContain('"key-z"');
  });

  it('refuses a payload sealed under the same key id with a different key (authentication fails)', async () => {
    const other = new EncryptionCodec({ activeKeyId: 'key-a', keys: new Map([['key-a', Buffer.alloc(32, 1)]]) });
    const error = await decodeError(codec, await sealed(other));
    expect(error.reason).toBe('authentication-failed');
  });

  it('refuses tampered ciphertext: the authentication tag fails', async () => {
    const payload = await sealed(codec);
    const data = Buffer.from(payload.data ?? []);
    data[20] = (data[20] ?? 0) ^ 0x01;
    const error = await decodeError(codec, { ...payload, data });
    expect(error.reason).toBe('authentication-failed');
    expect(error.message).toMatch(/tampered/);
  });

  it('refuses a truncated payload, whether shorter than IV and tag or cut at the end', async () => {
    const payload = await sealed(codec);
    const data = Buffer.from(payload.data ?? []);
    expect((await decodeError(codec, { ...payload, data: data.subarray(0, 20) })).reason).toBe('truncated');
    expect((await decodeError(codec, { ...payload, data: data.subarray(0, data.length - 3) })).reason).toBe(
      'authentication-failed',
    );
  });

  it('refuses an unknown encoding and a payload without encoding, instead of passing them on', async () => {
    const strange = { metadata: { [METADATA_ENCODING_KEY]: Buffer.from('binary/rot13') }, data: Buffer.from('x') };
    const unknown = await decodeError(codec, strange);
    expect(unknown.reason).toBe('unsupported-encoding');
    expect(unknown.message).toContain('binary/rot13');
    expect((await decodeError(codec, { metadata: {}, data: Buffer.from('x') })).reason).toBe('missing-encoding');
  });

  it('refuses an encrypted payload without a key id', async () => {
    const payload = await sealed(codec);
    const metadata = { [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING) };
    expect((await decodeError(codec, { metadata, data: payload.data })).reason).toBe('missing-key-id');
  });

  it('passes through the plain encodings of histories written before encryption was on', async () => {
    const plain = defaultPayloadConverter.toPayload({ hello: 'world' });
    expect(await codec.decode([plain])).toEqual([plain]);
  });

  it('never puts key material in an error', async () => {
    const payload = await sealed(codec);
    const error = await decodeError(codec, { ...payload, data: Buffer.from(payload.data ?? []).subarray(0, 40) });
    const key = ringA.keys.get('key-a') as Buffer;
    expect(error.message).not.toContain(key.toString('base64'));
    expect(error.message).not.toContain(key.toString('hex'));
  });
});
