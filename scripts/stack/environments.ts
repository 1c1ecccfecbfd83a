import { readFileSync } from 'node:fs';
import { API_ENV } from '../../api/config';
import { CALLBACK_ALLOW_HOSTS_VARIABLE } from '../../callbacks/url-policy';
import { SETTINGS } from '../../config/settings';
import { CODEC_SERVER_ENV } from '../../encryption/codec-server-config';
import { ENCRYPTION_ENV } from '../../encryption/key-config';
import { SEALING_ENV } from '../../encryption/sealing-keys';
import { WEBHOOK_RECEIVER_DEFAULTS, WEBHOOK_RECEIVER_ENV } from '../../webhooks/config';
import { STACK_SENDERS, stackBoxEnv } from './emulator';
import type { StackInfo } from './info';
import type { StackPorts } from './ports';
import { HOST, WORKER_METRICS_PORT } from './ports';

/** Environment for the worker: always the emulator and the local dev server, whatever the caller's shell says. */
export function workerEnv(info: StackInfo): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('BOX_') && !key.startsWith('TEMPORAL_')),
  );
  return {
    ...env,
    TEMPORAL_ADDRESS: info.temporalAddress,
    TEMPORAL_NAMESPACE: info.namespace,
    BOX_SIGN_TASK_QUEUE: info.taskQueue,
    ...stackBoxEnv(info),
    [ENCRYPTION_ENV.keysFile]: info.encryptionKeysFile,
    [SEALING_ENV.privateKeysFile]: info.sealingPrivateKeysFile,
    // Callbacks: the clients' secrets, and the local receivers a developer runs are allowed targets.
    [API_ENV.keysFile]: info.apiKeysFile,
    [CALLBACK_ALLOW_HOSTS_VARIABLE]: '127.0.0.1,localhost',
    [SETTINGS.BOX_SIGN_ALLOWED_SENDERS.name]: STACK_SENDERS,
    [SETTINGS.BOX_SIGN_NEXUS_CALLER_NAMESPACES.name]: info.callerNamespace,
    // As the API's: the demo's requests, and a Nexus caller's, poll every half second.
    [SETTINGS.API_MIN_POLL_INTERVAL_MS.name]: STACK_MIN_POLL_INTERVAL_MS,
  };
}

/** A development stack: no shared Box quota to protect. */
const STACK_MIN_POLL_INTERVAL_MS = '500';

/** The worker's environment plus its metrics port, which only the worker reads. */
export function workerProcessEnv(info: StackInfo): NodeJS.ProcessEnv {
  const port = new URL(info.workerMetricsUrl).port;
  return { ...workerEnv(info), [WORKER_METRICS_PORT]: port, METRICS_HOST: HOST };
}

/**
 * Environment for the HTTP API: the worker's Temporal, payload keys and callback settings, plus its own port, and
 * the public sealing key instead of the private one: the API seals, only the worker opens.
 */
export function apiEnv(info: StackInfo, port: number): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(workerEnv(info)).filter(([key]) => !key.startsWith('API_') && key !== SEALING_ENV.privateKeysFile),
  );
  const publicKey = readFileSync(info.sealingPublicKeyFile, 'utf8').trim();
  return {
    ...env,
    [SEALING_ENV.publicKey]: publicKey,
    [API_ENV.host]: HOST,
    [API_ENV.port]: String(port),
    [API_ENV.minPollIntervalMs]: STACK_MIN_POLL_INTERVAL_MS,
  };
}

/** Environment for the codec server: the stack's keys and token, CORS for the local Web UI only. */
export function codecEnv(info: StackInfo, ports: Pick<StackPorts, 'codec' | 'ui'>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('BOX_') && !key.startsWith('CODEC_SERVER_')),
  );
  return {
    ...env,
    [ENCRYPTION_ENV.keysFile]: info.encryptionKeysFile,
    [CODEC_SERVER_ENV.host]: HOST,
    [CODEC_SERVER_ENV.port]: String(ports.codec),
    [CODEC_SERVER_ENV.authTokenFile]: info.codecTokenFile,
    [CODEC_SERVER_ENV.uiOrigins]: `http://localhost:${ports.ui},http://127.0.0.1:${ports.ui}`,
    [CODEC_SERVER_ENV.tokenInPath]: 'true',
  };
}

/**
 * Environment for the webhook receiver: the local dev server, the stack's payload and webhook keys. As in production,
 * no Box credentials, sealing keys or client secrets: a worker looks up what a webhook does not say.
 */
export function receiverEnv(info: StackInfo, port: number): NodeJS.ProcessEnv {
  const withheld = new Set([
    ...Object.keys(stackBoxEnv(info)),
    SEALING_ENV.privateKeysFile,
    API_ENV.keysFile,
    SETTINGS.BOX_SIGN_ALLOWED_SENDERS.name,
  ]);
  const env = Object.fromEntries(Object.entries(workerEnv(info)).filter(([key]) => !withheld.has(key)));
  return {
    ...env,
    [WEBHOOK_RECEIVER_ENV.host]: HOST,
    [WEBHOOK_RECEIVER_ENV.port]: String(port),
    [WEBHOOK_RECEIVER_ENV.path]: WEBHOOK_RECEIVER_DEFAULTS.path,
    [WEBHOOK_RECEIVER_ENV.primaryKeyFile]: info.webhookKeyFiles.primary,
    [WEBHOOK_RECEIVER_ENV.secondaryKeyFile]: info.webhookKeyFiles.secondary,
  };
}
