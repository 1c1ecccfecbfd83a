/**
 * The dynamic config every Temporal dev server the project starts gets (jest's global server, scripts/dev-server.ts,
 * the local stack), so that per-sender quotas (quotas/) and priorities behave there as they do in production.
 * docs/operations.md ("Per-sender quotas") has the figures measured on the dev server with and without each value,
 * and the same settings for a self-hosted cluster.
 */
export const FAIRNESS_DYNAMIC_CONFIG: Readonly<Record<string, string>> = {
  // The matcher with priority and per-key rate limits: the default on server 1.32, explicit because nothing works
  // without it (set to false, a per-key limit is accepted but not enforced: 30 tasks of one key in 0.3 s).
  'matching.useNewMatcher': 'true',
  // Fair dispatch between fairness keys (our senders): without it a task queue's backlog is FIFO within a priority,
  // so a bulk of one sender holds every worker slot and another sender's create waits behind all of it.
  'matching.enableFairness': 'true',
  // One partition per task queue. The per-key rate limit is enforced per partition and tasks are spread over the
  // dev server's default 4: a sender then gets bursts of 4 tasks every ~4 s instead of a steady rate, and ordering
  // (priority, fairness) holds only inside each partition. A command-line value takes no constraints, so on a dev
  // server it covers the workflow task queues too; a cluster's file constrains it to activity tasks
  // (`taskType: Activity`, docs/operations.md), leaving workflow tasks on the default partitions.
  'matching.numTaskqueueReadPartitions': '1',
  'matching.numTaskqueueWritePartitions': '1',
};

/** The `temporal server start-dev` arguments that set FAIRNESS_DYNAMIC_CONFIG. */
export function devServerDynamicConfigArgs(): string[] {
  return Object.entries(FAIRNESS_DYNAMIC_CONFIG).flatMap(([key, value]) => [
    '--dynamic-config-value',
    `${key}=${value}`,
  ]);
}
