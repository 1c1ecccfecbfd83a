import { defineSettings } from '../setting';

/**
 * The API uploads documents, the CLI's `start --file` too: both as the request's sender, like the worker. The webhook
 * receiver holds no Box credentials: a worker looks up what a webhook does not say (workflows/route-box-event.ts).
 */
const BOX_CLIENTS = ['worker', 'api', 'cli'] as const;

/** The Box client's settings (box/config.ts): the worker's calls, document uploads. */
export const BOX_SETTINGS = defineSettings({
  BOX_API_BASE_URL: {
    kind: 'url',
    default: 'https://api.box.com/2.0',
    description: 'Box API root',
    processes: BOX_CLIENTS,
  },
  BOX_UPLOAD_BASE_URL: {
    kind: 'url',
    default: 'https://upload.box.com/api/2.0',
    description: "Box's upload host (document uploads and chunked upload sessions)",
    processes: BOX_CLIENTS,
  },
  BOX_OAUTH_TOKEN_URL: {
    kind: 'url',
    docDefault: 'derived: `<origin>/oauth2/token`',
    description: 'token endpoint',
    processes: BOX_CLIENTS,
  },
  BOX_DEVELOPER_TOKEN: {
    kind: 'secret',
    fileVariant: true,
    description: 'a developer token (60 min, for trials) — or the four client-credentials variables below',
    processes: BOX_CLIENTS,
  },
  BOX_CLIENT_ID: {
    kind: 'string',
    description: 'Client Credentials Grant app: client id',
    processes: BOX_CLIENTS,
  },
  BOX_CLIENT_SECRET: {
    kind: 'secret',
    fileVariant: true,
    description: 'Client Credentials Grant app: client secret',
    processes: BOX_CLIENTS,
  },
  BOX_SUBJECT_TYPE: {
    kind: 'enum',
    values: ['enterprise', 'user'],
    rule: 'must be "enterprise" or "user"',
    description: '`enterprise` (the service account) or `user`',
    processes: BOX_CLIENTS,
  },
  BOX_SUBJECT_ID: {
    kind: 'string',
    description: 'the enterprise id or the user id',
    processes: BOX_CLIENTS,
  },
  BOX_AS_USER_ID: {
    kind: 'string',
    description: 'optional `as-user` header (that user becomes the sender)',
    processes: BOX_CLIENTS,
  },
  BOX_HTTP_TIMEOUT_MS: {
    kind: 'int',
    default: 20_000,
    min: 1,
    rule: 'must be a positive integer number of milliseconds',
    description: 'per Box call',
    processes: BOX_CLIENTS,
  },
});
