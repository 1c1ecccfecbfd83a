import type { BoxClientConfig } from '../box/config';
import { boxCredentialsSet, loadBoxConfig } from '../box/config';
import { ApiClients } from '../config/api-clients';
import { ConfigError } from '../config/config-error';
import { SettingsReader } from '../config/reader';
import { SETTINGS } from '../config/settings';
import { API_SETTINGS } from '../config/settings/api';
import { API_LIMIT_SETTINGS } from '../config/settings/api-limits';
import { DOCUMENT_SETTINGS } from '../config/settings/documents';
import type { TemporalConfig } from '../config/temporal';
import { loadTemporalConfig } from '../config/temporal';
import type { PayloadProtection } from '../encryption/key-config';
import { loadPayloadProtection } from '../encryption/key-config';
import type { SecretSealing } from '../encryption/sealing-keys';
import { loadSecretSealing } from '../encryption/sealing-keys';
import type { StartBindingKeys } from '../encryption/start-binding';
import { loadStartBindingKeys } from '../encryption/start-binding-config';
import type { LogLevel } from '../logging/logger';

const S = API_SETTINGS;
const L = API_LIMIT_SETTINGS;

export const API_ENV = {
  host: S.API_HOST.name,
  port: S.API_PORT.name,
  keysFile: SETTINGS.BOX_SIGN_API_KEYS_FILE.name,
  createWaitMs: S.API_CREATE_WAIT_MS.name,
  rateLimitPerMinute: S.API_RATE_LIMIT_PER_MINUTE.name,
  authFailuresPerMinute: L.API_AUTH_FAILURES_PER_MINUTE.name,
  longPollsPerClient: L.API_LONG_POLLS_PER_CLIENT.name,
  minPollIntervalMs: L.API_MIN_POLL_INTERVAL_MS.name,
  bodyLimitBytes: S.API_BODY_LIMIT_BYTES.name,
  requestTimeoutMs: S.API_REQUEST_TIMEOUT_MS.name,
} as const;

export const API_DEFAULTS = {
  host: S.API_HOST.default,
  port: S.API_PORT.default,
  createWaitMs: S.API_CREATE_WAIT_MS.default,
  rateLimitPerMinute: S.API_RATE_LIMIT_PER_MINUTE.default,
  authFailuresPerMinute: L.API_AUTH_FAILURES_PER_MINUTE.default,
  longPollsPerClient: L.API_LONG_POLLS_PER_CLIENT.default,
  minPollIntervalMs: L.API_MIN_POLL_INTERVAL_MS.default,
  bodyLimitBytes: S.API_BODY_LIMIT_BYTES.default,
  /** Above the longest long poll (60 s). */
  requestTimeoutMs: S.API_REQUEST_TIMEOUT_MS.default,
};

export interface ApiConfig {
  host: string;
  port: number;
  keysFile: string;
  clients: ApiClients;
  temporal: TemporalConfig;
  payloadProtection: PayloadProtection;
  /** The workers' public key (BOX_SIGN_SEALING_PUBLIC_KEY): the API never holds a key that opens a secret. */
  sealing: SecretSealing;
  /** BOX_SIGN_START_BINDING_KEYS, else derived from the payload keys: binds each start to its client. */
  startBinding: StartBindingKeys | null;
  callbackAllowHosts: string[];
  /** API_METRICS_PORT / API_METRICS_HOST: /metrics apart from the public port; port null (unset): not served. */
  metrics: { port: number | null; host: string };
  /** BOX_SIGN_CALLBACK_DNS_SERVERS / _TIMEOUT_MS: how callback hosts are looked up where a request enters. */
  callbackDns: { servers: string[]; timeoutMs: number };
  /** BOX_SIGN_ALLOWED_SENDERS: the senders a request may name (a client's own `senders` are within it). */
  allowedSenders: string[];
  createWaitMs: number;
  rateLimitPerMinute: number;
  authFailuresPerMinute: number;
  longPollsPerClient: number;
  minPollIntervalMs: number;
  bodyLimitBytes: number;
  requestTimeoutMs: number;
  /**
   * Box, for POST /v1/documents (uploads as the named sender); null when no Box credential is set: the API then runs
   * without documents (that route answers 503).
   */
  box: BoxClientConfig | null;
  documentMaxBytes: number;
  logLevel: LogLevel;
}

/** Reads everything at once; every missing or malformed setting is reported in one ConfigError (never a value). */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const reader = new SettingsReader(env, 'api');
  const keysFile = reader.get(SETTINGS.BOX_SIGN_API_KEYS_FILE);
  const allowedSenders = reader.get(SETTINGS.BOX_SIGN_ALLOWED_SENDERS);
  const clients = keysFile === undefined ? undefined : reader.attempt(() => loadApiClients(keysFile, allowedSenders));
  const temporal = reader.attempt(() => loadTemporalConfig(env));
  const payloadProtection = reader.attempt(() => loadPayloadProtection(env));
  const sealing = reader.attempt(() => loadSecretSealing(env));
  const startBinding = payloadProtection && reader.attempt(() => loadStartBindingKeys(payloadProtection, env));
  const box = boxCredentialsSet(env) ? reader.attempt(() => loadBoxConfig(env)) : null;
  const config = {
    host: reader.get(S.API_HOST),
    port: reader.get(S.API_PORT),
    createWaitMs: reader.get(S.API_CREATE_WAIT_MS),
    rateLimitPerMinute: reader.get(S.API_RATE_LIMIT_PER_MINUTE),
    authFailuresPerMinute: reader.get(L.API_AUTH_FAILURES_PER_MINUTE),
    longPollsPerClient: reader.get(L.API_LONG_POLLS_PER_CLIENT),
    minPollIntervalMs: reader.get(L.API_MIN_POLL_INTERVAL_MS),
    bodyLimitBytes: reader.get(S.API_BODY_LIMIT_BYTES),
    requestTimeoutMs: reader.get(S.API_REQUEST_TIMEOUT_MS),
    documentMaxBytes: reader.get(DOCUMENT_SETTINGS.DOCUMENT_MAX_BYTES),
    callbackAllowHosts: reader.get(SETTINGS.BOX_SIGN_CALLBACK_ALLOW_HOSTS),
    metrics: { port: reader.get(S.API_METRICS_PORT) ?? null, host: reader.get(S.API_METRICS_HOST) },
    callbackDns: {
      servers: reader.get(SETTINGS.BOX_SIGN_CALLBACK_DNS_SERVERS),
      timeoutMs: reader.get(SETTINGS.BOX_SIGN_CALLBACK_DNS_TIMEOUT_MS),
    },
    allowedSenders,
    logLevel: reader.get(SETTINGS.LOG_LEVEL),
  };
  return reader.finish('API configuration', () =>
    keysFile && clients && temporal && payloadProtection && sealing && box !== undefined && startBinding !== undefined
      ? { ...config, keysFile, clients, temporal, payloadProtection, sealing, box, startBinding }
      : undefined,
  );
}

/**
 * The API keys file, whose clients' own `senders` must all be senders of the deployment: a list naming anyone else is
 * a configuration error (at start-up, and on SIGHUP, where the previous clients then stay), never a runtime surprise.
 */
export function loadApiClients(keysFile: string, allowedSenders: readonly string[]): ApiClients {
  const clients = ApiClients.fromFile(keysFile);
  const outside = clients.withSendersOutside(allowedSenders);
  if (outside.length === 0) return clients;
  throw new ConfigError(
    'API clients file',
    outside.map(
      (name) =>
        `${SETTINGS.BOX_SIGN_API_KEYS_FILE.name}: client ${name} lists senders that are not in ${SETTINGS.BOX_SIGN_ALLOWED_SENDERS.name}`,
    ),
  );
}
