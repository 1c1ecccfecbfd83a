import { defineSettings } from '../setting';

/** Settings more than one process reads the same way. */
export const SHARED_SETTINGS = defineSettings({
  LOG_LEVEL: {
    kind: 'enum',
    values: ['debug', 'info', 'warn', 'error'],
    default: 'info',
    description: 'JSON lines on stderr, redacted',
    processes: ['worker', 'api', 'webhook-receiver', 'codec-server'],
  },
  BOX_SIGN_API_KEYS_FILE: {
    kind: 'file',
    description:
      'the API clients file: `{"clients": [{"name", "keySha256", "callbackSecret": "whsec_…"}]}` (or lists, to ' +
      'rotate: `keysSha256`, `callbackSecrets`); the worker reads the callback secrets from it ' +
      '([callback secrets](api.md#secrets), [rotating](api.md#rotating-keys))',
    processes: ['worker', 'api'],
    requiredBy: ['api'],
    requiredHint: 'the JSON file of API clients',
  },
  BOX_SIGN_ALLOWED_SENDERS: {
    kind: 'list',
    default: [],
    entryPattern: /^\d{1,20}$/,
    rule: 'must be comma-separated Box user ids (digits)',
    description:
      'Box user ids (digits) a request may name as `sender.boxUserId`; unset: none ([senders](senders.md#senders))',
    processes: ['worker', 'api', 'cli'],
  },
  BOX_SIGN_CALLBACK_ALLOW_HOSTS: {
    kind: 'list',
    default: [],
    lowerCase: true,
    description: 'private hosts callbacks may reach (local stack, tests); comma-separated, case-insensitive',
    processes: ['worker', 'api', 'cli'],
  },
});
