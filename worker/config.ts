import { ConfigError, loadBoxConfig } from '../box/config';
import { CALLBACK_ALLOW_HOSTS_VARIABLE, parseCallbackAllowHosts } from '../callbacks/url-policy';
import { ApiClients, ApiClientsFileError } from '../config/api-clients';
import type { BoxClientConfig } from '../box/config';
import type { TemporalConfig } from '../config/temporal';
import { loadTemporalConfig } from '../config/temporal';
import { EncryptionConfigError } from '../encryption/errors';
import type { PayloadProtection } from '../encryption/key-config';
import { loadPayloadProtection } from '../encryption/key-config';
import type { SealingPrivateKeys } from '../encryption/sealing';
import { loadSealingPrivateKeys } from '../encryption/sealing-keys';
import type { LogLevel } from '../logging/logger';
import { parseLogLevel } from '../logging/logger';
import type { BoxRateLimits } from './box-rate-limits';
import { DEFAULT_BOX_RATE_LIMITS } from './box-rate-limits';

export class WorkerConfigError extends Error {
  override readonly name = 'WorkerConfigError';
  constructor(readonly problems: string[]) {
    super(['Invalid worker configuration:', ...problems.map((p) => `- ${p}`)].join('\n'));
  }
}

export interface WorkerConfig {
  temporal: TemporalConfig;
  box: BoxClientConfig;
  /** Encrypted with a key ring unless BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS=true was chosen for development. */
  payloadProtection: PayloadProtection;
  /** The private keys that open signers' sealed secrets (BOX_SIGN_SEALING_PRIVATE_KEYS), older ones included. */
  sealingKeys: SealingPrivateKeys;
  logLevel: LogLevel;
  /** How long in-flight activities get to finish on SIGINT/SIGTERM before they are cancelled. */
  shutdownGraceTimeMs: number;
  maxConcurrentActivities: number;
  /** Task-queue dispatch rates that keep Box calls under Box's per-user limits (box-rate-limits.ts). */
  boxRateLimits: BoxRateLimits;
  callbacks: CallbackConfig;
  /** METRICS_PORT / METRICS_HOST: /metrics, /healthz and /readyz; port null (unset): no metrics, no probes. */
  metrics: { port: number | null; host: string };
}

export interface CallbackConfig {
  /** BOX_SIGN_API_KEYS_FILE: the API clients' callback secrets. Optional: without it callbacks fail, saying why. */
  apiKeysFile: string | null;
  /** BOX_SIGN_CALLBACK_ALLOW_HOSTS: private hosts callbacks may still go to (local stack, tests). */
  allowHosts: string[];
}

/** Reads everything at once and reports every missing or malformed setting in one message. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const problems: string[] = [];
  const attempt = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (err) {
      if (err instanceof ConfigError || err instanceof EncryptionConfigError || err instanceof ApiClientsFileError)
        problems.push(...err.problems);
      else problems.push(err instanceof Error ? err.message : String(err));
      return undefined;
    }
  };
  const box = attempt(() => loadBoxConfig(env));
  const temporal = attempt(() => loadTemporalConfig(env));
  const payloadProtection = attempt(() => loadPayloadProtection(env));
  const sealingKeys = attempt(() => loadSealingPrivateKeys(env));
  const apiKeysFile = env.BOX_SIGN_API_KEYS_FILE || null;
  // Read once here so that a broken file stops the start-up; the worker re-reads it when it changes.
  if (apiKeysFile !== null) attempt(() => ApiClients.fromFile(apiKeysFile));
  const shutdownGraceTimeMs = positiveInteger(env, 'WORKER_SHUTDOWN_GRACE_MS', 30_000, problems);
  const maxConcurrentActivities = positiveInteger(env, 'WORKER_MAX_CONCURRENT_ACTIVITIES', 100, problems);
  const metricsPort = env.METRICS_PORT ? positiveInteger(env, 'METRICS_PORT', 0, problems) : null;
  if (metricsPort !== null && metricsPort > 65_535) problems.push('METRICS_PORT must be a port number (1-65535)');
  const rates = DEFAULT_BOX_RATE_LIMITS;
  const boxRateLimits: BoxRateLimits = {
    writesPerMinute: positiveInteger(env, 'BOX_WRITE_RATE_PER_MINUTE', rates.writesPerMinute, problems),
    readsPerMinute: positiveInteger(env, 'BOX_READ_RATE_PER_MINUTE', rates.readsPerMinute, problems),
  };
  if (env.LOG_LEVEL !== undefined && !['debug', 'info', 'warn', 'error'].includes(env.LOG_LEVEL)) {
    problems.push('LOG_LEVEL must be debug, info, warn or error');
  }
  if (problems.length > 0 || !box || !temporal || !payloadProtection || !sealingKeys) {
    throw new WorkerConfigError(problems);
  }
  return {
    box,
    temporal,
    payloadProtection,
    sealingKeys,
    logLevel: parseLogLevel(env.LOG_LEVEL),
    shutdownGraceTimeMs,
    maxConcurrentActivities,
    boxRateLimits,
    callbacks: { apiKeysFile, allowHosts: parseCallbackAllowHosts(env[CALLBACK_ALLOW_HOSTS_VARIABLE]) },
    metrics: { port: metricsPort, host: env.METRICS_HOST || '127.0.0.1' },
  };
}

function positiveInteger(env: NodeJS.ProcessEnv, key: string, fallback: number, problems: string[]): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    problems.push(`${key} must be a positive whole number`);
    return fallback;
  }
  return value;
}
