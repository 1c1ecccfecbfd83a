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
  BOX_WRITE_RATE_PER_MINUTE: {
    kind: 'int',
    default: 90,
    min: 1,
    description: 'create + resend attempts per minute, all workers together (Box: 100)',
    processes: ['worker'],
  },
  BOX_READ_RATE_PER_MINUTE: {
    kind: 'int',
    default: 900,
    min: 1,
    description: 'polls + cancels per minute, all workers together (Box: 1000 gets)',
    processes: ['worker'],
  },
});
