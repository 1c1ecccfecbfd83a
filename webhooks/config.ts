import { ConfigError } from '../config/config-error';
import { SettingsReader } from '../config/reader';
import { fileVariable } from '../config/setting';
import { SETTINGS } from '../config/settings';
import { WEBHOOK_RECEIVER_SETTINGS } from '../config/settings/webhook-receiver';
import type { TemporalConfig } from '../config/temporal';
import { loadTemporalConfig } from '../config/temporal';
import type { PayloadProtection } from '../encryption/key-config';
import { loadPayloadProtection } from '../encryption/key-config';
import type { LogLevel } from '../logging/logger';
import type { SignatureKeys } from './verify-delivery';

const S = WEBHOOK_RECEIVER_SETTINGS;

export const WEBHOOK_RECEIVER_ENV = {
  host: S.WEBHOOK_RECEIVER_HOST.name,
  port: S.WEBHOOK_RECEIVER_PORT.name,
  path: S.WEBHOOK_RECEIVER_PATH.name,
  signalTimeoutMs: S.WEBHOOK_RECEIVER_SIGNAL_TIMEOUT_MS.name,
  primaryKey: S.BOX_WEBHOOK_PRIMARY_KEY.name,
  primaryKeyFile: fileVariable(S.BOX_WEBHOOK_PRIMARY_KEY),
  secondaryKey: S.BOX_WEBHOOK_SECONDARY_KEY.name,
  secondaryKeyFile: fileVariable(S.BOX_WEBHOOK_SECONDARY_KEY),
  maxAgeSeconds: S.BOX_WEBHOOK_MAX_AGE_SECONDS.name,
} as const;

export const WEBHOOK_RECEIVER_DEFAULTS = {
  host: S.WEBHOOK_RECEIVER_HOST.default,
  port: S.WEBHOOK_RECEIVER_PORT.default,
  path: S.WEBHOOK_RECEIVER_PATH.default,
  signalTimeoutMs: S.WEBHOOK_RECEIVER_SIGNAL_TIMEOUT_MS.default,
} as const;

const RECEIVER_CONFIG = 'webhook receiver configuration';

export interface WebhookReceiverConfig {
  host: string;
  port: number;
  /** The one path Box posts to (the registered address's path). */
  path: string;
  keys: SignatureKeys;
  /** How old a delivery may be (Box's SDKs: 600 s); never more than that. */
  maxAgeSeconds: number;
  signalTimeoutMs: number;
  /** WEBHOOK_RECEIVER_RATE_LIMIT_PER_MINUTE: per caller address. */
  rateLimitPerMinute: number;
  temporal: TemporalConfig;
  payloadProtection: PayloadProtection;
  logLevel: LogLevel;
}

/** Reads everything at once and reports every problem in one message, never echoing a key. */
export function loadWebhookReceiverConfig(env: NodeJS.ProcessEnv = process.env): WebhookReceiverConfig {
  const reader = new SettingsReader(env, 'webhook-receiver');
  const temporal = reader.attempt(() => loadTemporalConfig(env));
  const payloadProtection = reader.attempt(() => loadPayloadProtection(env));
  const keys = reader.attempt(() => loadSignatureKeys(env));
  const path = reader.get(S.WEBHOOK_RECEIVER_PATH);
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(path))
    reader.problem(`${S.WEBHOOK_RECEIVER_PATH.name} must be a URL path starting with /`);
  const config = {
    host: reader.get(S.WEBHOOK_RECEIVER_HOST),
    port: reader.get(S.WEBHOOK_RECEIVER_PORT),
    path,
    maxAgeSeconds: reader.get(S.BOX_WEBHOOK_MAX_AGE_SECONDS),
    signalTimeoutMs: reader.get(S.WEBHOOK_RECEIVER_SIGNAL_TIMEOUT_MS),
    rateLimitPerMinute: reader.get(S.WEBHOOK_RECEIVER_RATE_LIMIT_PER_MINUTE),
    logLevel: reader.get(SETTINGS.LOG_LEVEL),
  };
  return reader.finish(RECEIVER_CONFIG, () =>
    temporal && payloadProtection && keys ? { ...config, keys, temporal, payloadProtection } : undefined,
  );
}

/**
 * Box's two signature keys, from the environment or files. Either may be missing while it is being rotated, not
 * both. The receiver re-reads them on SIGHUP, so a rotated key can be picked up without a restart.
 */
export function loadSignatureKeys(env: NodeJS.ProcessEnv = process.env): SignatureKeys {
  const reader = new SettingsReader(env, 'webhook-receiver');
  const primary = reader.get(S.BOX_WEBHOOK_PRIMARY_KEY);
  const secondary = reader.get(S.BOX_WEBHOOK_SECONDARY_KEY);
  if (reader.problems.length === 0 && primary === undefined && secondary === undefined) {
    const E = WEBHOOK_RECEIVER_ENV;
    reader.problem(
      `no webhook signature key: set ${E.primaryKey} and/or ${E.secondaryKey} (or their _FILE variants) to the ` +
        'keys from the Box Developer Console (app → Webhooks → Manage signature keys)',
    );
  }
  if (reader.problems.length > 0) throw new ConfigError(RECEIVER_CONFIG, reader.problems);
  const keys: SignatureKeys = {};
  if (primary !== undefined) keys.primary = primary;
  if (secondary !== undefined) keys.secondary = secondary;
  return keys;
}
