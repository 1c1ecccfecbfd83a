import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '../contracts';
import type { PayloadProtection } from './key-config';

/**
 * The proof that the HTTP API put a request on the Temporal queue in a client's name: an HMAC-SHA256 over the
 * workflow id, the client, the time it was issued and the SHA-256 of the input exactly as the workflow receives it
 * (signers' secrets sealed: a hash of ciphertext tells nothing). The API writes it into the start's memo; the worker
 * checks it before any Box call (the create) and before any callback is signed with that client's secret. Whoever can
 * reach Temporal but holds no binding key cannot start, copy (other workflow id, other input) or re-use (issued long
 * before the start) a start in a client's name.
 */
export const START_BINDING_MEMO_KEY = 'apiStartBinding';

/** How far a binding's issue time may be from the workflow's start (clocks of the API and of Temporal may differ). */
export const START_BINDING_MAX_SKEW_MS = 10 * 60_000;

/** The key a derived binding key carries in front of its payload key's id (`:` never occurs in a key id). */
const DERIVED_PREFIX = 'payload:';

export interface StartBinding {
  v: 1;
  keyId: string;
  client: string;
  issuedAtMs: number;
  inputSha256: string;
  mac: string;
}

/** The binding keys a process holds: `activeKeyId` binds new starts; every key still verifies (rotation). */
export interface StartBindingKeys {
  activeKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

/**
 * BOX_SIGN_START_BINDING_KEYS when set (its first entry binds); otherwise keys derived (HKDF-SHA256, their own label)
 * from the payload key ring, which the API and the workers hold already; none in insecure-plaintext development.
 */
export function startBindingKeysFor(
  explicit: ReadonlyMap<string, Buffer> | undefined,
  protection: PayloadProtection,
): StartBindingKeys | null {
  if (explicit !== undefined && explicit.size > 0) {
    const [first] = explicit.keys();
    return { activeKeyId: first as string, keys: explicit };
  }
  if (protection.mode !== 'encrypted') return null;
  const keys = new Map<string, Buffer>();
  for (const [id, key] of protection.keyRing.keys) {
    keys.set(`${DERIVED_PREFIX}${id}`, Buffer.from(hkdfSync('sha256', key, '', 'box-sign start binding v1', 32)));
  }
  return { activeKeyId: `${DERIVED_PREFIX}${protection.keyRing.activeKeyId}`, keys };
}

/** SHA-256 of the input's canonical JSON, as the workflow (and so each activity) receives it. */
export function startInputSha256(input: unknown): string {
  return createHash('sha256').update(canonicalJson(input), 'utf8').digest('hex');
}

export interface BoundStart {
  workflowId: string;
  client: string;
}

/** What a binding proves: a start, or (its own purpose, so neither stands in for the other) a reissue's signers. */
export type BindingPurpose = 'box-sign start binding v1' | 'box-sign reissue binding v1';
const START_PURPOSE: BindingPurpose = 'box-sign start binding v1';
export const REISSUE_PURPOSE: BindingPurpose = 'box-sign reissue binding v1';

/**
 * A reissue's proof (contracts/reissue.ts): the same HMAC, for the reissue's own purpose, over the round it creates
 * and the corrected signers exactly as the workflow receives them (sealed). The worker checks it before it cancels
 * the current Box request and before the new create.
 */
export function bindReissue(
  keys: StartBindingKeys,
  reissue: BoundStart & { round: number; signers: unknown },
  nowMs: number = Date.now(),
): StartBinding {
  const { round, signers, ...bound } = reissue;
  return bindStart(keys, { ...bound, input: { round, signers } }, nowMs, REISSUE_PURPOSE);
}

export function bindStart(
  keys: StartBindingKeys,
  start: BoundStart & { input: unknown },
  nowMs: number = Date.now(),
  purpose: BindingPurpose = START_PURPOSE,
): StartBinding {
  const key = keys.keys.get(keys.activeKeyId);
  if (key === undefined) throw new Error('the active start-binding key is not in its ring');
  const inputSha256 = startInputSha256(start.input);
  const fields = { keyId: keys.activeKeyId, client: start.client, issuedAtMs: nowMs, inputSha256 };
  return { v: 1, ...fields, mac: macOf(key, start.workflowId, fields, purpose).toString('hex') };
}

export interface BindingCheck extends BoundStart {
  /** The input to compare with the bound one (the create has it; a callback delivery does not). */
  input?: unknown;
  /** The workflow's start time, to refuse a binding issued for an earlier start (the create checks it). */
  startedAtMs?: number;
}

/**
 * Why `record` does not bind this start to `client`, in words that name no value; null when it does.
 */
export function startBindingProblem(
  keys: StartBindingKeys | null,
  record: unknown,
  check: BindingCheck,
  purpose: BindingPurpose = START_PURPOSE,
): string | null {
  if (keys === null) return 'this worker holds no start-binding key (payload encryption is off)';
  if (!isStartBinding(record)) return `the start carries no ${START_BINDING_MEMO_KEY} (it was not started by the API)`;
  const key = keys.keys.get(record.keyId);
  if (key === undefined) return `its start binding names a key this worker does not hold (${record.keyId})`;
  const expected = macOf(key, check.workflowId, record, purpose);
  const presented = Buffer.from(record.mac, 'hex');
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
    return 'its start binding does not verify for this workflow id and client';
  }
  if (record.client !== check.client) return 'its start binding is for another API client';
  if (check.input !== undefined && startInputSha256(check.input) !== record.inputSha256) {
    return 'its start binding is for another input';
  }
  if (check.startedAtMs !== undefined && Math.abs(check.startedAtMs - record.issuedAtMs) > START_BINDING_MAX_SKEW_MS) {
    return 'its start binding was issued for another start (too far from this start time)';
  }
  return null;
}

function isStartBinding(value: unknown): value is StartBinding {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    r.v === 1 &&
    typeof r.keyId === 'string' &&
    typeof r.client === 'string' &&
    typeof r.issuedAtMs === 'number' &&
    typeof r.inputSha256 === 'string' &&
    typeof r.mac === 'string' &&
    /^[0-9a-f]{64}$/.test(r.mac)
  );
}

function macOf(
  key: Buffer,
  workflowId: string,
  fields: Pick<StartBinding, 'keyId' | 'client' | 'issuedAtMs' | 'inputSha256'>,
  purpose: BindingPurpose,
): Buffer {
  const { keyId, client, issuedAtMs, inputSha256 } = fields;
  const message = canonicalJson({
    purpose,
    workflowId,
    keyId,
    client,
    issuedAtMs,
    inputSha256,
  });
  return createHmac('sha256', key).update(message, 'utf8').digest();
}
