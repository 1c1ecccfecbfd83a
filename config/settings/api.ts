import { defineSettings } from '../setting';

export const API_SETTINGS = defineSettings({
  API_HOST: { kind: 'string', default: '127.0.0.1', description: 'where it listens', processes: ['api'] },
  API_PORT: { kind: 'port', default: 8790, description: 'where it listens', processes: ['api'] },
  API_CREATE_WAIT_MS: {
    kind: 'int',
    default: 10_000,
    min: 0,
    max: 60_000,
    description: 'how long `POST /v1/sign-requests` (and a reissue) waits for Box before answering `202`',
    processes: ['api'],
  },
  API_RATE_LIMIT_PER_MINUTE: {
    kind: 'int',
    default: 120,
    min: 1,
    max: 1_000_000,
    description:
      'requests per minute per API client, counted once the key is checked; a batch counts its items (`429` with ' +
      '`Retry-After` past it)',
    processes: ['api'],
  },
  API_BODY_LIMIT_BYTES: {
    kind: 'int',
    default: 1024 * 1024,
    min: 1024,
    max: 64 * 1024 * 1024,
    description: 'largest body (`413` past it)',
    processes: ['api'],
  },
  API_REQUEST_TIMEOUT_MS: {
    kind: 'int',
    default: 75_000,
    min: 0,
    max: 600_000,
    description: 'whole-request limit (above the longest long poll, 60 s)',
    processes: ['api'],
  },
  API_METRICS_PORT: {
    kind: 'port',
    description: 'serves `/metrics`, apart from the public port (which no longer does); off unless set',
    processes: ['api'],
  },
  API_METRICS_HOST: {
    kind: 'string',
    default: '127.0.0.1',
    description: 'where the metrics port listens (`0.0.0.0` in a container)',
    processes: ['api'],
  },
});
