import { defineSettings } from '../setting';

/** Box's SDK refuses a delivery older than 10 minutes (its default `maxAge`): the receiver's default and ceiling. */
export const DEFAULT_MAX_AGE_SECONDS = 600;

export const WEBHOOK_RECEIVER_SETTINGS = defineSettings({
  BOX_WEBHOOK_PRIMARY_KEY: {
    kind: 'secret',
    fileVariant: true,
    description: "Box's primary signature key",
    processes: ['webhook-receiver'],
  },
  BOX_WEBHOOK_SECONDARY_KEY: {
    kind: 'secret',
    fileVariant: true,
    description: 'the secondary key; at least one of the two is required',
    processes: ['webhook-receiver'],
  },
  BOX_WEBHOOK_MAX_AGE_SECONDS: {
    kind: 'int',
    default: DEFAULT_MAX_AGE_SECONDS,
    min: 1,
    max: DEFAULT_MAX_AGE_SECONDS,
    description: 'oldest acceptable `BOX-DELIVERY-TIMESTAMP`',
    processes: ['webhook-receiver'],
  },
  WEBHOOK_RECEIVER_HOST: {
    kind: 'string',
    default: '127.0.0.1',
    description: 'where it listens',
    processes: ['webhook-receiver'],
  },
  WEBHOOK_RECEIVER_PORT: {
    kind: 'port',
    default: 8789,
    description: 'where it listens (`GET /health` answers `{status: "ok"}`)',
    processes: ['webhook-receiver'],
  },
  WEBHOOK_RECEIVER_PATH: {
    kind: 'string',
    default: '/webhooks/box',
    description: "the path Box posts to (the registered address's path)",
    processes: ['webhook-receiver'],
  },
  WEBHOOK_RECEIVER_SIGNAL_TIMEOUT_MS: {
    kind: 'int',
    default: 5_000,
    min: 100,
    max: 25_000,
    description: 'how long Temporal may take to accept a signal before the answer is 503',
    processes: ['webhook-receiver'],
  },
  WEBHOOK_RECEIVER_RATE_LIMIT_PER_MINUTE: {
    kind: 'int',
    default: 1_200,
    min: 1,
    description:
      'deliveries one address may post per minute, then 429 (Box retries). Per replica, by the connecting ' +
      "address: behind a load balancer that hides Box's addresses, raise it to the whole deployment's rate",
    processes: ['webhook-receiver'],
  },
});
