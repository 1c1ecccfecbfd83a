import { defineSettings } from '../setting';

/** The API's limits besides API_RATE_LIMIT_PER_MINUTE; each is held in memory per API replica (docs/api.md#limits). */
export const API_LIMIT_SETTINGS = defineSettings({
  API_AUTH_FAILURES_PER_MINUTE: {
    kind: 'int',
    default: 30,
    min: 1,
    max: 1_000_000,
    description:
      'requests with a missing or wrong API key per minute per client address; past it, that address gets `429` ' +
      'before its key is looked at',
    processes: ['api'],
  },
  API_LONG_POLLS_PER_CLIENT: {
    kind: 'int',
    default: 10,
    min: 1,
    max: 10_000,
    description: 'result long polls (`waitSeconds` > 0) one API client may hold open at once (`429` past it)',
    processes: ['api'],
  },
  API_MIN_POLL_INTERVAL_MS: {
    kind: 'int',
    default: 30_000,
    min: 100,
    max: 86_400_000,
    description:
      'the smallest `polling.initialIntervalMs` / `polling.maximumIntervalMs` an API client or a Nexus caller may ask ' +
      "for (a sender's Box quota is shared by every client naming it); smaller is refused with `400` (a Nexus " +
      '`BAD_REQUEST`)',
    processes: ['api', 'worker'],
  },
});
