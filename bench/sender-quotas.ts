import { BOX_PUBLISHED_RATE_LIMITS } from 'box-sign-emulator';
import type { SenderRateLimits } from '../quotas/sender-rate-limits';
import { DEFAULT_SENDER_RATE_LIMITS } from '../quotas/sender-rate-limits';

/**
 * The per-user quotas of the senders and open runs. Box allows each user 100 creates + resends and 1,000 gets a
 * minute (box-sign-api.md §4.3); the bench may scale the creates down and keeps Box's ratio for the gets. The
 * per-sender limits Temporal holds keep the product's margin: its defaults' share of Box's numbers (90 of 100,
 * 900 of 1,000).
 */

export const GETS_PER_CREATE =
  BOX_PUBLISHED_RATE_LIMITS.get_per_minute / BOX_PUBLISHED_RATE_LIMITS.create_resend_per_minute;
const WRITES_MARGIN = DEFAULT_SENDER_RATE_LIMITS.writesPerMinute / BOX_PUBLISHED_RATE_LIMITS.create_resend_per_minute;
const READS_MARGIN = DEFAULT_SENDER_RATE_LIMITS.readsPerMinute / BOX_PUBLISHED_RATE_LIMITS.get_per_minute;

export interface SenderQuota {
  createResendPerMinute: number;
  getPerMinute: number;
}

export function senderQuota(createResendPerMinute: number): SenderQuota {
  return { createResendPerMinute, getPerMinute: createResendPerMinute * GETS_PER_CREATE };
}

/** What Temporal dispatches per sender and minute: the product's margin below the quota. */
export function senderLimitsFor(quota: SenderQuota): SenderRateLimits {
  return {
    writesPerMinute: Math.max(1, Math.floor(quota.createResendPerMinute * WRITES_MARGIN)),
    readsPerMinute: Math.max(1, Math.floor(quota.getPerMinute * READS_MARGIN)),
  };
}

/** The emulator users the open run spreads its requests over: ids 30001, 30002, … (the emulator's own are 2000x). */
export function benchSenderIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(30_001 + i));
}
