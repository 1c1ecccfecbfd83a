import type { SettingsReader } from '../config/reader';
import { WORKER_SETTINGS } from '../config/settings/worker';

/**
 * Box's limits are per user: 100 create + resend and 1000 get calls per minute (box-sign-api.md §4.3). Each request
 * is sent as its sender, so these are rates **per sender**, held by the Temporal server for all workers together:
 * every Box activity carries its sender as the fairness key, and the task queues get a per-fairness-key rate limit
 * (quotas/, applied by `box-sign quotas apply`, `stack:up` and the test harness). A burst of thousands of new
 * workflows from one sender waits in Temporal instead of meeting Box's 429, and never delays another sender. Neither a
 * per-worker limit (it multiplies with the workers) nor a queue-wide one (it caps all senders together) would do.
 *
 * The defaults keep 10% below Box's numbers: room for other callers as the same Box user, for the look-ups a retried
 * create makes, and for a retry after a 401 token renewal.
 */
export interface SenderRateLimits {
  /** Create + resend attempts per minute per sender (the writes queue). */
  writesPerMinute: number;
  /** Polls, webhook confirmations, cancels and look-ups per minute per sender (the main queue's activities). */
  readsPerMinute: number;
}

export const DEFAULT_SENDER_RATE_LIMITS: SenderRateLimits = {
  writesPerMinute: WORKER_SETTINGS.BOX_WRITE_RATE_PER_MINUTE.default,
  readsPerMinute: WORKER_SETTINGS.BOX_READ_RATE_PER_MINUTE.default,
};

export function perSecond(perMinute: number): number {
  return perMinute / 60;
}

/** BOX_WRITE_RATE_PER_MINUTE and BOX_READ_RATE_PER_MINUTE, as the worker and `box-sign quotas apply` read them. */
export function readSenderRateLimits(reader: SettingsReader): SenderRateLimits {
  return {
    writesPerMinute: reader.get(WORKER_SETTINGS.BOX_WRITE_RATE_PER_MINUTE),
    readsPerMinute: reader.get(WORKER_SETTINGS.BOX_READ_RATE_PER_MINUTE),
  };
}
