import { WORKER_SETTINGS } from '../config/settings/worker';

/**
 * Rate limiting at the source. Box allows 100 create+resend and 1000 get calls per minute per user
 * (box-sign-api.md §4.3), and a service account is one user for every workflow. So the worker asks Temporal to
 * dispatch at most `writesPerMinute` activity attempts per minute on the writes queue (create, resend) and
 * `readsPerMinute` on the main queue (status polls, cancel). These are task-queue limits enforced by the Temporal
 * server across all workers (restarts included), so a burst of thousands of new workflows waits in Temporal
 * instead of meeting Box's 429. A per-worker limit would not do: it multiplies with the number of workers.
 *
 * The defaults keep 10% below Box's numbers: room for other callers of the same Box user, for the look-ups a
 * retried create makes, and for a retry after a 401 token renewal.
 */
export interface BoxRateLimits {
  writesPerMinute: number;
  readsPerMinute: number;
}

export const DEFAULT_BOX_RATE_LIMITS: BoxRateLimits = {
  writesPerMinute: WORKER_SETTINGS.BOX_WRITE_RATE_PER_MINUTE.default,
  readsPerMinute: WORKER_SETTINGS.BOX_READ_RATE_PER_MINUTE.default,
};

export function perSecond(perMinute: number): number {
  return perMinute / 60;
}
