import { join, resolve } from 'node:path';
import { LOCAL_STACK_SEALING_PUBLIC_KEY } from '../../client/cli/local-stack-key';
import { DEFAULT_TASK_QUEUE } from '../../contracts';
import { DEFAULT_NEXUS_ENDPOINT } from '../../contracts/nexus-service';
import { WEBHOOK_RECEIVER_DEFAULTS } from '../../webhooks/config';
import { PROJECT_ROOT } from '../tools';
import { HOST, ports } from './ports';

/** The stack's folder: its state, keys, logs, temporal.db and the emulator's state. */
export const STACK_DIR = process.env.STACK_DIR ? resolve(process.env.STACK_DIR) : join(PROJECT_ROOT, '.stack');

export interface StackInfo {
  temporalAddress: string;
  uiUrl: string;
  emulatorUrl: string;
  taskQueue: string;
  namespace: string;
  codecUrl: string;
  /** The local payload key ring (generated on first `up`, git-ignored): BOX_SIGN_ENCRYPTION_KEYS_FILE. */
  encryptionKeysFile: string;
  /** The workers' sealing private key (BOX_SIGN_SEALING_PRIVATE_KEYS_FILE) and the starters' public key. */
  sealingPrivateKeysFile: string;
  sealingPublicKeyFile: string;
  /** The codec server's bearer token. */
  codecTokenFile: string;
  /** Where the emulator delivers Box webhooks. */
  webhookReceiverUrl: string;
  /** Box's two webhook signature keys, shared by the emulator (signs) and the receiver (verifies). */
  webhookKeyFiles: { primary: string; secondary: string };
  /** The worker's METRICS_PORT: /metrics, /healthz, /readyz. */
  workerMetricsUrl: string;
  /** The HTTP API for business systems. */
  apiUrl: string;
  /** The local API key (client `local`), 0600. */
  apiKeyFile: string;
  /** BOX_SIGN_API_KEYS_FILE: the key's SHA-256 and the client's callback secret. */
  apiKeysFile: string;
  /** The Nexus endpoint that routes to the worker's `box-sign` service. */
  nexusEndpoint: string;
  /** A second namespace, created with the dev server, whose workflows may call it (examples/temporal-caller). */
  callerNamespace: string;
}

/** The namespace whose workflows may call the local stack's Nexus endpoint (examples/temporal-caller). */
export const LOCAL_CALLER_NAMESPACE = 'box-sign-caller';

export function stackInfo(): StackInfo {
  const p = ports();
  return {
    temporalAddress: `${HOST}:${p.temporal}`,
    uiUrl: `http://localhost:${p.ui}`,
    emulatorUrl: `http://${HOST}:${p.emulator}`,
    taskQueue: DEFAULT_TASK_QUEUE,
    namespace: 'default',
    codecUrl: `http://${HOST}:${p.codec}`,
    encryptionKeysFile: join(STACK_DIR, 'encryption-key'),
    sealingPrivateKeysFile: join(STACK_DIR, 'sealing-private-keys'),
    sealingPublicKeyFile: join(STACK_DIR, LOCAL_STACK_SEALING_PUBLIC_KEY),
    codecTokenFile: join(STACK_DIR, 'codec-token'),
    webhookReceiverUrl: `http://${HOST}:${p.receiver}${WEBHOOK_RECEIVER_DEFAULTS.path}`,
    webhookKeyFiles: {
      primary: join(STACK_DIR, 'webhook-primary-key'),
      secondary: join(STACK_DIR, 'webhook-secondary-key'),
    },
    workerMetricsUrl: `http://${HOST}:${p.workerMetrics}`,
    apiUrl: `http://${HOST}:${p.api}`,
    apiKeyFile: join(STACK_DIR, 'api-key'),
    apiKeysFile: join(STACK_DIR, 'api-keys.json'),
    nexusEndpoint: DEFAULT_NEXUS_ENDPOINT,
    callerNamespace: LOCAL_CALLER_NAMESPACE,
  };
}
