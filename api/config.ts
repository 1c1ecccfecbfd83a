import { ApiClients, ApiClientsFileError } from '../config/api-clients';
import type { TemporalConfig } from '../config/temporal';
import { loadTemporalConfig } from '../config/temporal';
import { CALLBACK_ALLOW_HOSTS_VARIABLE, parseCallbackAllowHosts } from '../callbacks/url-policy';
import { EncryptionConfigError } from '../encryption/errors';
import type { PayloadProtection } from '../encryption/key-config';
import { loadPayloadProtection } from '../encryption/key-config';
import type { SecretSealing } from '../encryption/sealing-keys';
import { loadSecretSealing } from '../encryption/sealing-keys';
import type { LogLevel } from '../logging/logger';
import { parseLogLevel } from '../logging/logger';

export const API_ENV = {
  host: 'API_HOST',
  port: 'API_PORT',
  keysFile: 'BOX_SIGN_API_KEYS_FILE',
  createWaitMs: 'API_CREATE_WAIT_MS',
  rateLimitPerMinute: 'API_RATE_LIMIT_PER_MINUTE',
  bodyLimitBytes: 'API_BODY_LIMIT_BYTES',
  requestTimeoutMs: 'API_REQUEST_TIMEOUT_MS',
} as const;

export const API_DEFAULTS = {
  host: '127.0.0.1',
  port: 8790,
  createWaitMs: 10_000,
  rateLimitPerMinute: 120,
  bodyLimitBytes: 1024 * 1024,
  /** Above the longest long poll (60 s). */
  requestTimeoutMs: 75_000,
};

export class ApiConfigError extends Error {
  override readonly name = 'ApiConfigError';
  constructor(readonly problems: string[]) {
    super(['Invalid API configuration:', ...problems.map((p) => `- ${p}`)].join('\n'));
  }
}

export interface ApiConfig {
  host: string;
  port: number;
  keysFile: string;
  clients: ApiClients;
  temporal: TemporalConfig;
  payloadProtection: PayloadProtection;
  /** The workers' public key (BOX_SIGN_SEALING_PUBLIC_KEY): the API never holds a key that opens a secret. */
  sealing: SecretSealing;
  callbackAllowHosts: string[];
  createWaitMs: number;
  rateLimitPerMinute: number;
  bodyLimitBytes: number;
  requestTimeoutMs: number;
  logLevel: LogLevel;
}

/** Reads everything at once; every missing or malformed setting is reported in one message (never a value). */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const problems: string[] = [];
  const keysFile = env[API_ENV.keysFile]?.trim() ?? '';
  let clients: ApiClients | undefined;
  if (keysFile === '') problems.push(`${API_ENV.keysFile} is required: the JSON file of API clients`);
  else clients = attempt(problems, () => ApiClients.fromFile(keysFile));
  const temporal = attempt(problems, () => loadTemporalConfig(env));
  const payloadProtection = attempt(problems, () => loadPayloadProtection(env));
  const sealing = attempt(problems, () => loadSecretSealing(env));
  const number = (key: string, fallback: number, min: number, max: number) =>
    integerIn(env, key, fallback, min, max, problems);
  const config = {
    host: env[API_ENV.host]?.trim() || API_DEFAULTS.host,
    port: number(API_ENV.port, API_DEFAULTS.port, 0, 65535),
    createWaitMs: number(API_ENV.createWaitMs, API_DEFAULTS.createWaitMs, 0, 60_000),
    rateLimitPerMinute: number(API_ENV.rateLimitPerMinute, API_DEFAULTS.rateLimitPerMinute, 1, 1_000_000),
    bodyLimitBytes: number(API_ENV.bodyLimitBytes, API_DEFAULTS.bodyLimitBytes, 1024, 64 * 1024 * 1024),
    requestTimeoutMs: number(API_ENV.requestTimeoutMs, API_DEFAULTS.requestTimeoutMs, 0, 600_000),
    callbackAllowHosts: parseCallbackAllowHosts(env[CALLBACK_ALLOW_HOSTS_VARIABLE]),
  };
  if (env.LOG_LEVEL !== undefined && !['debug', 'info', 'warn', 'error'].includes(env.LOG_LEVEL)) {
    problems.push('LOG_LEVEL must be debug, info, warn or error');
  }
  if (problems.length > 0 || !clients || !temporal || !payloadProtection || !sealing) {
    throw new ApiConfigError(problems);
  }
  const logLevel = parseLogLevel(env.LOG_LEVEL);
  return { ...config, keysFile, clients, temporal, payloadProtection, sealing, logLevel };
}

function attempt<T>(problems: string[], load: () => T): T | undefined {
  try {
    return load();
  } catch (err) {
    if (err instanceof ApiClientsFileError || err instanceof EncryptionConfigError) problems.push(...err.problems);
    else problems.push(err instanceof Error ? err.message : String(err));
    return undefined;
  }
}

function integerIn(
  env: NodeJS.ProcessEnv,
  key: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = env[key]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${key} must be a whole number from ${min} to ${max}`);
    return fallback;
  }
  return value;
}
