/**
 * How the workflow and the worker both treat Box's limits (box-sign-api.md §4): the back-off for calls that may
 * heal, and the separate, rate-limited task queue that carries every call counted against Box's create+resend limit.
 */

/**
 * Exponential back-off for Box calls that may heal (network, timeout, 408, 429, 5xx): 1 s, 2 s, 4 s … 1 min. The
 * ceiling is a minute because Box itself is protected by retry-after and by the task-queue rates; a longer one
 * would only leave a signer waiting after a short outage.
 */
export const BOX_RETRY_BACKOFF = {
  initialIntervalMs: 1_000,
  backoffCoefficient: 2,
  maximumIntervalMs: 60_000,
} as const;

const BOX_WRITES_SUFFIX = '-box-writes';

/**
 * Create and resend share Box's 100-per-minute-per-user limit, so they run on their own task queue whose dispatch
 * rate the worker caps server-side (across all workers); polls stay on the main queue at their own rate.
 */
export function boxWritesTaskQueue(taskQueue: string): string {
  return `${taskQueue}${BOX_WRITES_SUFFIX}`;
}
