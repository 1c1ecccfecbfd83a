import { ControlError } from './errors';
import type { SignRequestStore } from './store';
import { validateCreateBody } from './validation';

/** At most this many per call: enough for a busy sender's history, small enough to answer in a second or two. */
export const MAX_SEED_COUNT = 100_000;

export interface SeedSpec {
  count: number;
  /** How long before the emulator's now they were all created; 0: now. */
  createdAgoMs: number;
  /** Their external_ids are `<prefix>-<n>`, n from 1. */
  externalIdPrefix: string;
}

/** `POST /_emulator/sign_requests/seed`: `{count, created_ago_ms?, external_id_prefix?}`. */
export function parseSeedSpec(raw: Record<string, unknown>): SeedSpec {
  const { count, created_ago_ms: ago = 0, external_id_prefix: prefix = 'seed' } = raw;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_SEED_COUNT) {
    throw invalid(`'count' must be an integer between 1 and ${MAX_SEED_COUNT}`);
  }
  if (typeof ago !== 'number' || !Number.isFinite(ago) || ago < 0) {
    throw invalid("'created_ago_ms' must be a non-negative number");
  }
  if (typeof prefix !== 'string' || prefix === '') throw invalid("'external_id_prefix' must be a non-empty string");
  return { count, createdAgoMs: ago, externalIdPrefix: prefix };
}

/**
 * Stores `count` plain requests of the emulator's sender, one signer each, as if created through the Box API at the
 * given time, but without its rate limits, faults or call log: a sender's history for tests of the list.
 */
export async function seedRequests(store: SignRequestStore, spec: SeedSpec): Promise<{ created: number }> {
  const createdAt = store.clock.nowMs() - spec.createdAgoMs;
  for (let n = 1; n <= spec.count; n++) {
    const body = {
      signers: [{ email: `seeded-${n}@example.com` }],
      source_files: [{ type: 'file', id: '1' }],
      external_id: `${spec.externalIdPrefix}-${n}`,
    };
    await store.create(validateCreateBody(body), createdAt);
  }
  return { created: spec.count };
}

const invalid = (message: string): ControlError => new ControlError(400, { error: 'invalid_body', message });
