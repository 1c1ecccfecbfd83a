import { randomBytes } from 'node:crypto';
import { generateKeyRing, rotateKeyRing } from '../../encryption/key-ring';
import type { StartBindingKeys } from '../../encryption/start-binding';
import {
  START_BINDING_MAX_SKEW_MS,
  bindStart,
  startBindingKeysFor,
  startBindingProblem,
} from '../../encryption/start-binding';
import { loadStartBindingKeys, loadUnboundStartsBefore } from '../../encryption/start-binding-config';

const WORKFLOW_ID = 'box-sign-@hr-suite:order-1';
const INPUT = { businessKey: 'order-1', signers: [{ email: 'a@example.com', password: { sealed: 'bss1.x' } }] };

describe('the start binding (an API start bound to its client)', () => {
  const ring = generateKeyRing('p1');
  const keys = startBindingKeysFor(undefined, { mode: 'encrypted', keyRing: ring })!;
  const now = 1_800_000_000_000;
  const bound = bindStart(keys, { workflowId: WORKFLOW_ID, client: 'hr-suite', input: INPUT }, now);
  const check = { workflowId: WORKFLOW_ID, client: 'hr-suite', input: INPUT, startedAtMs: now + 1_000 };

  it('verifies for its workflow id, client, input and start, and names no value when it does not', () => {
    expect(startBindingProblem(keys, bound, check)).toBeNull();
    expect(startBindingProblem(keys, bound, { ...check, workflowId: 'box-sign-@hr-suite:order-2' })).toMatch(
      /does not verify/,
    );
    expect(startBindingProblem(keys, { ...bound, client: 'other' }, { ...check, client: 'other' })).toMatch(
      /does not verify/,
    );
    expect(startBindingProblem(keys, bound, { ...check, input: { ...INPUT, businessKey: 'x' } })).toMatch(
      /another input/,
    );
    expect(startBindingProblem(keys, bound, { ...check, startedAtMs: now + START_BINDING_MAX_SKEW_MS + 1 })).toMatch(
      /another start/,
    );
    const flipped = (bound.mac[0] === 'f' ? '0' : 'f') + bound.mac.slice(1);
    expect(startBindingProblem(keys, { ...bound, mac: flipped }, check)).toMatch(/does not verify/);
    expect(startBindingProblem(keys, undefined, check)).toMatch(/carries no apiStartBinding/);
    expect(startBindingProblem(null, bound, check)).toMatch(/holds no start-binding key/);
  });

  it('derived keys follow the payload key ring: a rotated ring still verifies what the old key bound', () => {
    const rotated = startBindingKeysFor(undefined, { mode: 'encrypted', keyRing: rotateKeyRing(ring, 'p2') })!;
    expect(rotated.activeKeyId).toBe('payload:p2');
    expect(startBindingProblem(rotated, bound, check)).toBeNull();
    const elsewhere = startBindingKeysFor(undefined, { mode: 'encrypted', keyRing: generateKeyRing('p1') })!;
    expect(startBindingProblem(elsewhere, bound, check)).toMatch(/does not verify/);
    expect(startBindingKeysFor(undefined, { mode: 'insecure-plaintext' })).toBeNull();
  });

  it('BOX_SIGN_START_BINDING_KEYS takes them apart from the payload keys; its first entry binds', () => {
    const [a, b] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
    const explicit: StartBindingKeys | null = loadStartBindingKeys(
      { mode: 'encrypted', keyRing: ring },
      { BOX_SIGN_START_BINDING_KEYS: `b2:${b},b1:${a}` },
    );
    expect(explicit?.activeKeyId).toBe('b2');
    expect([...(explicit?.keys.keys() ?? [])]).toEqual(['b2', 'b1']);
    expect(startBindingProblem(explicit, bound, check)).toMatch(/names a key this worker does not hold/);
    expect(() =>
      loadStartBindingKeys({ mode: 'encrypted', keyRing: ring }, { BOX_SIGN_START_BINDING_KEYS: 'b1:c2hvcnQ=' }),
    ).toThrow(/key "b1" in BOX_SIGN_START_BINDING_KEYS is 5 bytes; HMAC-SHA256 needs 32/);
  });

  it('BOX_SIGN_UNBOUND_API_STARTS_BEFORE is an RFC 3339 time', () => {
    expect(loadUnboundStartsBefore({})).toBeNull();
    expect(loadUnboundStartsBefore({ BOX_SIGN_UNBOUND_API_STARTS_BEFORE: '2026-12-07T20:00:00Z' })).toBe(
      Date.parse('2026-12-07T20:00:00Z'),
    );
    expect(() => loadUnboundStartsBefore({ BOX_SIGN_UNBOUND_API_STARTS_BEFORE: 'soon' })).toThrow(/RFC 3339/);
  });
});
