import { readFileSync } from 'node:fs';
import type { BoxClientConfig } from '../box/config';
import { ConfigError, loadBoxConfig } from '../box/config';
import type { TemporalConfig } from '../config/temporal';
import { loadTemporalConfig } from '../config/temporal';
import { EncryptionConfigError } from '../encryption/errors';
import type { PayloadProtection } from '../encryption/key-config';
import { loadPayloadProtection } from '../encryption/key-config';
import type { LogLevel } from '../logging/logger';
import { parseLogLevel } from '../logging/logger';
import type { SignatureKeys } from './verify-delivery';
import { DEFAULT_MAX_AGE_SECONDS } from './verify-delivery';

export const WEBHOOK_RECEIVER_ENV = {
  host: 'WEBHOOK_RECEIVER_HOST',
  port: 'WEBHOOK_RECEIVER_PORT',
  path: 'WEBHOOK_RECEIVER_PATH',
  signalTimeoutMs: 'WEBHOOK_RECEIVER_SIGNAL_TIMEOUT_MS',
  primaryKey: 'BOX_WEBHOOK_PRIMARY_KEY',
  primaryKeyFile: 'BOX_WEBHOOK_PRIMARY_KEY_FILE',
  secondaryKey: 'BOX_WEBHOOK_SECONDARY_KEY',
  secondaryKeyFile: 'BOX_WEBHOOK_SECONDARY_KEY_FILE',
  maxAgeSeconds: 'BOX_WEBHOOK_MAX_AGE_SECONDS',
} as const;

export const WEBHOOK_RECEIVER_DEFAULTS = {
  host: '127.0.0.1',
  port: 8789,
  path: '/webhooks/box',
  signalTimeoutMs: 5_000,
} as const;

export interface WebhookReceiverConfig {
  host: string;
  port: number;
  /** The one path Box posts to (the registered address's path). */
  path: string;
  keys: SignatureKeys;
  /** How old a delivery may be (Box's SDKs: 600 s); never more than that. */
  maxAgeSeconds: number;
  signalTimeoutMs: number;
  temporal: TemporalConfig;
  payloadProtection: PayloadProtection;
  /** For the look-up of a sign request whose payload has no external_id. */
  box: BoxClientConfig;
  logLevel: LogLevel;
}

export class WebhookReceiverConfigError extends Error {
  override readonly name = 'WebhookReceiverConfigError';
  constructor(readonly problems: string[]) {
    super(['Invalid webhook receiver configuration:', ...problems.map((p) => `- ${p}`)].join('\n'));
  }
}

/** Reads everything at once and reports every problem in one message, never echoing a key. */
export function loadWebhookReceiverConfig(env: NodeJS.ProcessEnv = process.env): WebhookReceiverConfig {
  const problems: string[] = [];
  const attempt = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (err) {
      if (
        err instanceof ConfigError ||
        err instanceof EncryptionConfigError ||
        err instanceof WebhookReceiverConfigError
      )
        problems.push(...err.problems);
      else problems.push(err instanceof Error ? err.message : String(err));
      return undefined;
    }
  };
  const temporal = attempt(() => loadTemporalConfig(env));
  const payloadProtection = attempt(() => loadPayloadProtection(env));
  const box = attempt(() => loadBoxConfig(env));
  const E = WEBHOOK_RECEIVER_ENV;
  const keys = attempt(() => loadSignatureKeys(env));
  const host = read(env, E.host) ?? WEBHOOK_RECEIVER_DEFAULTS.host;
  const port = integer(env, E.port, WEBHOOK_RECEIVER_DEFAULTS.port, 0, 65_535, problems);
  const path = read(env, E.path) ?? WEBHOOK_RECEIVER_DEFAULTS.path;
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(path)) problems.push(`${E.path} must be a URL path starting with /`);
  const maxAgeSeconds = integer(env, E.maxAgeSeconds, DEFAULT_MAX_AGE_SECONDS, 1, DEFAULT_MAX_AGE_SECONDS, problems);
  const signalTimeoutMs = integer(
    env,
    E.signalTimeoutMs,
    WEBHOOK_RECEIVER_DEFAULTS.signalTimeoutMs,
    100,
    25_000,
    problems,
  );
  if (env.LOG_LEVEL !== undefined && !['debug', 'info', 'warn', 'error'].includes(env.LOG_LEVEL)) {
    problems.push('LOG_LEVEL must be debug, info, warn or error');
  }
  if (
    problems.length > 0 ||
    temporal === undefined ||
    payloadProtection === undefined ||
    box === undefined ||
    keys === undefined
  ) {
    throw new WebhookReceiverConfigError(problems);
  }
  return {
    host,
    port,
    path,
    keys,
    maxAgeSeconds,
    signalTimeoutMs,
    temporal,
    payloadProtection,
    box,
    logLevel: parseLogLevel(env.LOG_LEVEL),
  };
}

/**
 * Box's two signature keys, from the environment or files. Either may be missing while it is being rotated, not
 * both. The receiver re-reads them on SIGHUP, so a rotated key can be picked up without a restart.
 */
export function loadSignatureKeys(env: NodeJS.ProcessEnv = process.env): SignatureKeys {
  const E = WEBHOOK_RECEIVER_ENV;
  const problems: string[] = [];
  const primary = secret(env, E.primaryKey, E.primaryKeyFile, problems);
  const secondary = secret(env, E.secondaryKey, E.secondaryKeyFile, problems);
  if (problems.length === 0 && primary === undefined && secondary === undefined) {
    problems.push(
      `no webhook signature key: set ${E.primaryKey} and/or ${E.secondaryKey} (or their _FILE variants) to the ` +
        'keys from the Box Developer Console (app → Webhooks → Manage signature keys)',
    );
  }
  if (problems.length > 0) throw new WebhookReceiverConfigError(problems);
  const keys: SignatureKeys = {};
  if (primary !== undefined) keys.primary = primary;
  if (secondary !== undefined) keys.secondary = secondary;
  return keys;
}

function read(env: NodeJS.ProcessEnv, key: string): string | undefined {
  const value = env[key]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** A key given inline or in a file (one line); both at once is a mistake worth stopping for. */
function secret(env: NodeJS.ProcessEnv, key: string, fileKey: string, problems: string[]): string | undefined {
  const inline = read(env, key);
  const file = read(env, fileKey);
  if (inline !== undefined && file !== undefined) {
    problems.push(`set ${key} or ${fileKey}, not both`);
    return undefined;
  }
  if (file === undefined) return inline;
  try {
    const value = readFileSync(file, 'utf8').trim();
    if (value === '') problems.push(`${fileKey}: ${file} is empty`);
    return value === '' ? undefined : value;
  } catch (err) {
    problems.push(`${fileKey}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    return undefined;
  }
}

function integer(
  env: NodeJS.ProcessEnv,
  key: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = read(env, key);
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    problems.push(`${key} must be a whole number from ${min} to ${max}`);
    return fallback;
  }
  return value;
}
