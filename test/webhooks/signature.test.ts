import type { IncomingHttpHeaders } from 'node:http';
import { boxWebhookSignature, signaturesMatch } from '../../webhooks/signature';
import type { SignatureKeys } from '../../webhooks/verify-delivery';
import { verifyBoxDelivery } from '../../webhooks/verify-delivery';

/** Box's published test vector (box-node-sdk docs; box-sign-api.md §6.4). */
const VECTOR = {
  body: '{"type":"webhook_event","webhook":{"id":"1234567890"},"trigger":"FILE.UPLOADED","source":{"id":"1234567890","type":"file","name":"Test.txt"}}',
  timestamp: '2020-01-01T00:00:00-07:00',
  primaryKey: 'SamplePrimaryKey',
  secondaryKey: 'SampleSecondaryKey',
  primarySignature: '6TfeAW3A1PASkgboxxA5yqHNKOwFyMWuEXny/FPD5hI=',
  secondarySignature: 'v+1CD1Jdo3muIcbpv5lxxgPglOqMfsNHPV899xWYydo=',
};
const VECTOR_TIME_MS = Date.parse(VECTOR.timestamp);
const KEYS: SignatureKeys = { primary: VECTOR.primaryKey, secondary: VECTOR.secondaryKey };

function vectorHeaders(overrides: Record<string, string | undefined> = {}): IncomingHttpHeaders {
  const headers: Record<string, string | undefined> = {
    'box-delivery-id': 'f96bb54b-ee16-4fc5-aa65-8c2d9e5b546f',
    'box-delivery-timestamp': VECTOR.timestamp,
    'box-signature-primary': VECTOR.primarySignature,
    'box-signature-secondary': VECTOR.secondarySignature,
    'box-signature-version': '1',
    'box-signature-algorithm': 'HmacSHA256',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined));
}

const body = Buffer.from(VECTOR.body, 'utf8');
const verify = (headers: IncomingHttpHeaders, raw = body, nowMs = VECTOR_TIME_MS + 1_000, keys = KEYS) =>
  verifyBoxDelivery(headers, raw, { keys, nowMs });

describe("Box's v2 webhook signature", () => {
  it("matches Box's published test vector with the primary and the secondary key", () => {
    expect(boxWebhookSignature(VECTOR.body, VECTOR.timestamp, VECTOR.primaryKey)).toBe(VECTOR.primarySignature);
    expect(boxWebhookSignature(body, VECTOR.timestamp, VECTOR.secondaryKey)).toBe(VECTOR.secondarySignature);
  });

  it('accepts the test vector delivery (at its own time) signed by either key', () => {
    expect(verify(vectorHeaders())).toEqual({ ok: true, signedWith: 'primary' });
    expect(verify(vectorHeaders({ 'box-signature-primary': undefined }))).toEqual({
      ok: true,
      signedWith: 'secondary',
    });
  });

  it('accepts a delivery while one key is being rotated: the other one still matches', () => {
    const rotatedPrimary = { primary: 'NewPrimaryKeyNotYetKnownToBox', secondary: VECTOR.secondaryKey };
    expect(verify(vectorHeaders(), body, VECTOR_TIME_MS, rotatedPrimary)).toEqual({
      ok: true,
      signedWith: 'secondary',
    });
    const onlyPrimary = { primary: VECTOR.primaryKey };
    expect(verify(vectorHeaders(), body, VECTOR_TIME_MS, onlyPrimary)).toEqual({ ok: true, signedWith: 'primary' });
  });

  it('never matches a header against the other key (the swap in Box’s own Node sample)', () => {
    const swapped = vectorHeaders({
      'box-signature-primary': VECTOR.secondarySignature,
      'box-signature-secondary': VECTOR.primarySignature,
    });
    expect(verify(swapped)).toEqual({ ok: false, reason: 'signature_mismatch' });
  });

  it('refuses a forged body: one changed byte, or the same JSON re-serialized', () => {
    const forged = Buffer.from(VECTOR.body.replace('FILE.UPLOADED', 'FILE.DELETED'));
    expect(verify(vectorHeaders(), forged)).toEqual({ ok: false, reason: 'signature_mismatch' });
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(VECTOR.body), null, 1));
    expect(verify(vectorHeaders(), reserialized)).toEqual({ ok: false, reason: 'signature_mismatch' });
  });

  it('refuses a delivery signed with keys the receiver does not have', () => {
    const wrong = { primary: 'SomeoneElsesKey', secondary: 'AnotherWrongKey' };
    expect(verify(vectorHeaders(), body, VECTOR_TIME_MS, wrong)).toEqual({ ok: false, reason: 'signature_mismatch' });
  });

  it('refuses a delivery whose timestamp was changed after signing (the timestamp is signed too)', () => {
    const moved = vectorHeaders({ 'box-delivery-timestamp': '2020-01-01T00:00:01-07:00' });
    expect(verify(moved)).toEqual({ ok: false, reason: 'signature_mismatch' });
  });

  it('accepts up to 10 minutes of age and refuses anything older (a stale or replayed delivery)', () => {
    expect(verify(vectorHeaders(), body, VECTOR_TIME_MS + 600_000).ok).toBe(true);
    expect(verify(vectorHeaders(), body, VECTOR_TIME_MS + 601_000)).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(
      verifyBoxDelivery(vectorHeaders(), body, { keys: KEYS, nowMs: VECTOR_TIME_MS + 120_000, maxAgeSeconds: 60 }),
    ).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
  });

  it('allows 30 s of clock skew ahead of our clock, and refuses more', () => {
    expect(verify(vectorHeaders(), body, VECTOR_TIME_MS - 1_000).ok).toBe(true);
    expect(verify(vectorHeaders(), body, VECTOR_TIME_MS - 30_000).ok).toBe(true);
    expect(verify(vectorHeaders(), body, VECTOR_TIME_MS - 31_000)).toEqual({ ok: false, reason: 'future_timestamp' });
  });

  it('refuses other signature versions and algorithms, missing or malformed timestamps, missing signatures', () => {
    expect(verify(vectorHeaders({ 'box-signature-version': '2' }))).toEqual({
      ok: false,
      reason: 'unsupported_signature_version',
    });
    expect(verify(vectorHeaders({ 'box-signature-algorithm': 'HmacSHA1' }))).toEqual({
      ok: false,
      reason: 'unsupported_signature_algorithm',
    });
    expect(verify(vectorHeaders({ 'box-delivery-timestamp': undefined }))).toEqual({
      ok: false,
      reason: 'missing_timestamp',
    });
    expect(verify(vectorHeaders({ 'box-delivery-timestamp': '1577862000' }))).toEqual({
      ok: false,
      reason: 'malformed_timestamp',
    });
    const unsigned = vectorHeaders({ 'box-signature-primary': undefined, 'box-signature-secondary': undefined });
    expect(verify(unsigned)).toEqual({ ok: false, reason: 'missing_signature' });
  });

  it('compares signatures of any length or encoding without throwing', () => {
    expect(signaturesMatch(VECTOR.primarySignature, VECTOR.primarySignature)).toBe(true);
    expect(signaturesMatch(VECTOR.primarySignature, 'AAAA')).toBe(false);
    expect(signaturesMatch(VECTOR.primarySignature, 'not base64 at all!')).toBe(false);
    expect(signaturesMatch(VECTOR.primarySignature, undefined)).toBe(false);
    expect(signaturesMatch(VECTOR.primarySignature, '')).toBe(false);
  });
});
