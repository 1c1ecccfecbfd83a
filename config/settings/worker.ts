import { defineSettings } from '../setting';

export const WORKER_SETTINGS = defineSettings({
  WORKER_SHUTDOWN_GRACE_MS: {
    kind: 'int',
    default: 30_000,
    min: 1,
    description: 'how long in-flight activities get on SIGINT/SIGTERM before they are cancelled',
    processes: ['worker'],
  },
  WORKER_MAX_CONCURRENT_ACTIVITIES: {
    kind: 'int',
    default: 100,
    min: 1,
    description: 'activities one worker runs at once',
    processes: ['worker'],
  },
  WORKER_MAX_CACHED_WORKFLOWS: {
    kind: 'int',
    default: 100,
    min: 2,
    description:
      'workflows one worker keeps in memory between their tasks (each about 2 MiB of RSS, measured); an evicted ' +
      'one replays its short history at its next task. A waiting request has no task (its polls are activity ' +
      "retries), so a small cache holds thousands of open requests; the SDK's own default grows with the heap",
    processes: ['worker'],
  },
  BOX_SIGN_NEXUS_CALLER_NAMESPACES: {
    kind: 'list',
    default: [],
    entryPattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/,
    rule: 'must be comma-separated Temporal namespace names',
    description:
      'the namespaces whose workflows may start requests through the `box-sign` Nexus service, each recorded as ' +
      'client `nexus.<namespace>`; unset: every Nexus caller is refused ([Nexus](nexus.md))',
    processes: ['worker'],
  },
  METRICS_PORT: {
    kind: 'port',
    description: "serves `/metrics` (the SDK's and the business metrics), `/healthz` and `/readyz`; off unless set",
    processes: ['worker'],
  },
  METRICS_HOST: {
    kind: 'string',
    default: '127.0.0.1',
    description: 'where the metrics port listens (`0.0.0.0` in a container)',
    processes: ['worker'],
  },
  BOX_WRITE_RATE_PER_MINUTE: {
    kind: 'int',
    default: 90,
    min: 1,
    description:
      'create + resend attempts per minute **per sender**, all workers together (Box: 100 per user); held by ' +
      'Temporal: `box-sign quotas apply` sets it on the task queue, the worker warns when it differs',
    processes: ['worker', 'cli'],
  },
  BOX_READ_RATE_PER_MINUTE: {
    kind: 'int',
    default: 900,
    min: 1,
    description:
      'polls, webhook confirmations, cancels and look-ups per minute **per sender**, all workers together (Box: ' +
      '1000 gets per user); held by Temporal like BOX_WRITE_RATE_PER_MINUTE',
    processes: ['worker', 'cli'],
  },
});
