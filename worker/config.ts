import type { BoxClientConfig } from '../box/config';
import { loadBoxConfig } from '../box/config';
import { ApiClients } from '../config/api-clients';
import { SettingsReader } from '../config/reader';
import { SETTINGS } from '../config/settings';
import type { TemporalConfig } from '../config/temporal';
import { loadTemporalConfig } from '../config/temporal';
import type { RequestedVersioning } from '../deployment/worker-version';
import { readDeploymentSettings } from '../deployment/deployment-settings';
import type { PayloadProtection } from '../encryption/key-config';
import { loadPayloadProtection } from '../encryption/key-config';
import type { SealingPrivateKeys } from '../encryption/sealing';
import { loadSealingPrivateKeys } from '../encryption/sealing-keys';
import type { StartBindingKeys } from '../encryption/start-binding';
import { loadStartBindingKeys, loadUnboundStartsBefore } from '../encryption/start-binding-config';
import type { LogLevel } from '../logging/logger';
import type { SenderRateLimits } from '../quotas/sender-rate-limits';
import { readSenderRateLimits } from '../quotas/sender-rate-limits';

export interface WorkerConfig {
  temporal: TemporalConfig;
  box: BoxClientConfig;
  /** Encrypted with a key ring unless BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS=true was chosen for development. */
  payloadProtection: PayloadProtection;
  /** The private keys that open signers' sealed secrets (BOX_SIGN_SEALING_PRIVATE_KEYS), older ones included. */
  sealingKeys: SealingPrivateKeys;
  /** BOX_SIGN_ALLOWED_SENDERS: the senders a request may name (none when unset). */
  allowedSenders: string[];
  logLevel: LogLevel;
  /** How long in-flight activities get to finish on SIGINT/SIGTERM before they are cancelled. */
  shutdownGraceTimeMs: number;
  maxConcurrentActivities: number;
  /** WORKER_MAX_CACHED_WORKFLOWS: workflows kept in memory between their tasks. */
  maxCachedWorkflows: number;
  /** Per-sender rates Temporal holds on the task queues (quotas/sender-rate-limits.ts); the worker checks them at start. */
  senderRateLimits: SenderRateLimits;
  callbacks: CallbackConfig;
  /** BOX_SIGN_START_BINDING_KEYS, else derived from the payload keys (null without encryption). */
  startBinding: StartBindingKeys | null;
  /** BOX_SIGN_UNBOUND_API_STARTS_BEFORE (epoch ms), null when unset. */
  unboundStartsBeforeMs: number | null;
  /** BOX_SIGN_NEXUS_CALLER_NAMESPACES and API_MIN_POLL_INTERVAL_MS: the `box-sign` Nexus service's callers. */
  nexus: { callerNamespaces: string[]; minPollIntervalMs: number };
  /** METRICS_PORT / METRICS_HOST: /metrics, /healthz and /readyz; port null (unset): no metrics, no probes. */
  metrics: { port: number | null; host: string };
  /** BOX_SIGN_DEPLOYMENT_NAME, BOX_SIGN_BUILD_ID, BOX_SIGN_WORKER_VERSIONING. */
  versioning: RequestedVersioning;
}

export interface CallbackConfig {
  /** BOX_SIGN_API_KEYS_FILE: the API clients' callback secrets. Optional: without it callbacks fail, saying why. */
  apiKeysFile: string | null;
  /** BOX_SIGN_CALLBACK_ALLOW_HOSTS: private hosts callbacks may still go to (local stack, tests). */
  allowHosts: string[];
  /** BOX_SIGN_CALLBACK_DNS_SERVERS / _TIMEOUT_MS: the resolver of callback hosts. */
  dns: { servers: string[]; timeoutMs: number };
  /** BOX_SIGN_CALLBACK_PROXY_URL: null, no proxy (never the environment's). */
  proxyUrl: string | null;
}

/** Reads everything at once and reports every missing or malformed setting in one ConfigError. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const reader = new SettingsReader(env, 'worker');
  const box = reader.attempt(() => loadBoxConfig(env));
  const temporal = reader.attempt(() => loadTemporalConfig(env));
  const payloadProtection = reader.attempt(() => loadPayloadProtection(env));
  const sealingKeys = reader.attempt(() => loadSealingPrivateKeys(env));
  const startBinding = payloadProtection && reader.attempt(() => loadStartBindingKeys(payloadProtection, env));
  const unboundStartsBeforeMs = reader.attempt(() => loadUnboundStartsBefore(env));
  const apiKeysFile = reader.get(SETTINGS.BOX_SIGN_API_KEYS_FILE) ?? null;
  // Read once here so that a broken file stops the start-up; the worker re-reads it when it changes.
  if (apiKeysFile !== null) reader.attempt(() => ApiClients.fromFile(apiKeysFile));
  const config = {
    shutdownGraceTimeMs: reader.get(SETTINGS.WORKER_SHUTDOWN_GRACE_MS),
    maxConcurrentActivities: reader.get(SETTINGS.WORKER_MAX_CONCURRENT_ACTIVITIES),
    maxCachedWorkflows: reader.get(SETTINGS.WORKER_MAX_CACHED_WORKFLOWS),
    senderRateLimits: readSenderRateLimits(reader),
    logLevel: reader.get(SETTINGS.LOG_LEVEL),
    allowedSenders: reader.get(SETTINGS.BOX_SIGN_ALLOWED_SENDERS),
    callbacks: {
      apiKeysFile,
      allowHosts: reader.get(SETTINGS.BOX_SIGN_CALLBACK_ALLOW_HOSTS),
      dns: {
        servers: reader.get(SETTINGS.BOX_SIGN_CALLBACK_DNS_SERVERS),
        timeoutMs: reader.get(SETTINGS.BOX_SIGN_CALLBACK_DNS_TIMEOUT_MS),
      },
      proxyUrl: reader.get(SETTINGS.BOX_SIGN_CALLBACK_PROXY_URL) ?? null,
    },
    nexus: {
      callerNamespaces: reader.get(SETTINGS.BOX_SIGN_NEXUS_CALLER_NAMESPACES),
      minPollIntervalMs: reader.get(SETTINGS.API_MIN_POLL_INTERVAL_MS),
    },
    metrics: { port: reader.get(SETTINGS.METRICS_PORT) ?? null, host: reader.get(SETTINGS.METRICS_HOST) },
    versioning: reader.get(SETTINGS.BOX_SIGN_WORKER_VERSIONING)
      ? readDeploymentSettings(reader)
      : ('unversioned' as const),
  };
  return reader.finish('worker configuration', () =>
    box &&
    temporal &&
    payloadProtection &&
    sealingKeys &&
    startBinding !== undefined &&
    unboundStartsBeforeMs !== undefined
      ? { ...config, box, temporal, payloadProtection, sealingKeys, startBinding, unboundStartsBeforeMs }
      : undefined,
  );
}
