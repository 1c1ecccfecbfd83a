import { ControlError } from './errors';
import type { SignRequestStore } from './store';
import type { EmulatorUser } from './users';
import { validateCreateBody } from './validation';

/** At most this many per call: enough for a busy sender's history, small enough to answer in a second or two. */
export const MAX_SEED_COUNT = 100_000;

export interface SeedSpec {
  count: number;
  /** How long before the emulator's now they were all created; 0: now. */
  createdAgoMs: number;
  /** Their external_ids are `<prefix>-<n>`, n from 1. */
  externalIdPrefix: string;
  /** Whose requests they are; undefined: the authenticated user's. */
  userId: string | undefined;
}

/** `POST /_emulator/sign_requests/seed`: `{count, created_ago_ms?, external_id_prefix?, user_id?}`. */
export function parseSeedSpec(raw: Record<string, unknown>): SeedSpec {
  const { count, created_ago_ms: ago = 0, external_id_prefix: prefix = 'seed', user_id: userId } = raw;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_SEED_COUNT) {
    throw invalid(`'count' must be an integer between 1 and ${MAX_SEED_COUNT}`);
  }
  if (typeof ago !== 'number' || !Number.isFinite(ago) || ago < 0) {
    throw invalid("'created_ago_ms' must be a non-negative number");
  }
  if (typeof prefix !== 'string' || prefix === '') throw invalid("'external_id_prefix' must be a non-empty string");
  if (userId !== undefined && typeof userId !== 'string') throw invalid("'user_id' must be a user id string");
  return { count, createdAgoMs: ago, externalIdPrefix: prefix, userId };
}

/**
 * Stores `count` plain requests of `sender`, one signer each, as if created through the Box API at the given time,
 * but without its rate limits, faults or call log: a sender's history for tests of the list.
 */
export async function seedRequests(
  store: SignRequestStore,
  sender: EmulatorUser,
  spec: SeedSpec,
): Promise<{ created: number }> {
  const createdAt = store.clock.nowMs() - spec.createdAgoMs;
  for (let n = 1; n <= spec.count; n++) {
    const body = {
      signers: [{ email: `seeded-${n}@example.com` }],
      source_files: [{ type: 'file', id: '1' }],
      external_id: `${spec.externalIdPrefix}-${n}`,
    };
    await store.create(validateCreateBody(body), sender, createdAt);
  }
  return { created: spec.count };
}

const invalid = (message: string): ControlError => new ControlError(400, { error: 'invalid_body', message });
