import { defineSettings } from '../setting';

/** What keeps one API client's requests its own on the Temporal queue (encryption/start-binding.ts). */
export const TENANCY_SETTINGS = defineSettings({
  BOX_SIGN_START_BINDING_KEYS: {
    kind: 'secret',
    fileVariant: true,
    docDefault: 'derived from the payload keys',
    description:
      'the keys that bind an API start to its client, `id:base64` of 32 bytes, the first binds, all verify; the API ' +
      'and the workers only (unset: derived from BOX_SIGN_ENCRYPTION_KEYS, which the codec server holds too) — ' +
      '[start binding](security.md#nothing-on-the-queue-acts-in-a-clients-name)',
    processes: ['worker', 'api'],
  },
  BOX_SIGN_UNBOUND_API_STARTS_BEFORE: {
    kind: 'string',
    docDefault: 'none',
    description:
      'an RFC 3339 time: requests of API clients started before it (by an API without start binding) are still ' +
      'created and their callbacks signed; set it to the upgrade time, remove it once they have ended',
    processes: ['worker'],
  },
  BOX_SIGN_REQUIRE_ENCRYPTED_PAYLOADS: {
    kind: 'bool',
    default: false,
    description:
      '`true` once every payload is encrypted: a plain `json/plain` payload (e.g. a start straight through ' +
      'Temporal without the keys) fails to decode, naming this setting',
    processes: ['worker', 'api', 'webhook-receiver', 'cli'],
  },
});
