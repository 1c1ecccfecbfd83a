import { DEFAULT_TASK_QUEUE } from '../../contracts';
import { defineSettings } from '../setting';

const ENVCONFIG = "Temporal's envconfig";
const CLIENTS = ['worker', 'api', 'webhook-receiver', 'cli'] as const;

/**
 * Where Temporal is: read by Temporal's own envconfig (config/temporal.ts), the same as the `temporal` CLI. Listed
 * so that the docs and the deployment checks know them; envconfig reads more (TEMPORAL_TLS_*, gRPC metadata).
 */
export const TEMPORAL_SETTINGS = defineSettings({
  TEMPORAL_ADDRESS: {
    kind: 'external',
    readBy: ENVCONFIG,
    default: 'localhost:7233',
    description: 'the Temporal frontend, host:port',
    processes: CLIENTS,
  },
  TEMPORAL_NAMESPACE: {
    kind: 'external',
    readBy: ENVCONFIG,
    default: 'default',
    description: 'the namespace',
    processes: CLIENTS,
  },
  TEMPORAL_API_KEY: {
    kind: 'external',
    readBy: ENVCONFIG,
    secret: true,
    description: 'Temporal Cloud API key (implies TLS)',
    processes: CLIENTS,
  },
  TEMPORAL_TLS: {
    kind: 'external',
    readBy: ENVCONFIG,
    description: '`true` for TLS; `TEMPORAL_TLS_CLIENT_CERT_PATH`, `TEMPORAL_TLS_CLIENT_KEY_PATH`… for mTLS',
    processes: CLIENTS,
  },
  TEMPORAL_TLS_CLIENT_CERT_PATH: {
    kind: 'external',
    readBy: ENVCONFIG,
    description: 'mTLS client certificate file',
    processes: CLIENTS,
  },
  TEMPORAL_TLS_CLIENT_KEY_PATH: {
    kind: 'external',
    readBy: ENVCONFIG,
    description: 'mTLS client key file',
    processes: CLIENTS,
  },
  TEMPORAL_PROFILE: {
    kind: 'external',
    readBy: ENVCONFIG,
    description: 'the profile of the TOML config file',
    processes: CLIENTS,
  },
  TEMPORAL_CONFIG_FILE: {
    kind: 'external',
    readBy: ENVCONFIG,
    description: "the TOML config file (default: the temporal CLI's)",
    processes: CLIENTS,
  },
  BOX_SIGN_TASK_QUEUE: {
    kind: 'string',
    default: DEFAULT_TASK_QUEUE,
    description: 'the task queue the worker polls and starters start on',
    processes: CLIENTS,
  },
  TEMPORAL_UI_URL: {
    kind: 'string',
    default: 'http://localhost:8233',
    description: 'the Web UI, for the links the CLI prints',
    processes: ['cli'],
  },
});
