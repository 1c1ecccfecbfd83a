/**
 * The per-user quotas of the senders and open runs. Box allows each user 100 creates + resends and 1,000 gets a
 * minute (box-sign-api.md §4.3); the bench may scale the creates down and keeps Box's ratio for the gets. The
 * per-sender limits Temporal holds are the product's: 90% of the quota (BOX_WRITE_RATE_PER_MINUTE 90,
 * BOX_READ_RATE_PER_MINUTE 900 for Box's numbers).
 */

export const GETS_PER_CREATE = 10;
export const SENDER_LIMIT_MARGIN = 0.9;

export interface SenderQuota {
  createResendPerMinute: number;
  getPerMinute: number;
}

export function senderQuota(createResendPerMinute: number): SenderQuota {
  return { createResendPerMinute, getPerMinute: createResendPerMinute * GETS_PER_CREATE };
}

/** What Temporal dispatches per sender and minute: the product's margin below the quota. */
export interface SenderLimits {
  writesPerMinute: number;
  readsPerMinute: number;
}

export function senderLimitsFor(quota: SenderQuota): SenderLimits {
  return {
    writesPerMinute: Math.max(1, Math.floor(quota.createResendPerMinute * SENDER_LIMIT_MARGIN)),
    readsPerMinute: Math.max(1, Math.floor(quota.getPerMinute * SENDER_LIMIT_MARGIN)),
  };
}

/** The emulator users the open run spreads its requests over: ids 30001, 30002, … (the emulator's own are 2000x). */
export function benchSenderIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(30_001 + i));
}
