import { readFileSync } from 'node:fs';
import type { WebhookSenderConfig } from './config';
/**
 * The emulator's webhook settings from its environment (validated with the control API's rules at start):
 * EMULATOR_WEBHOOK_ADDRESS, EMULATOR_WEBHOOK_PRIMARY_KEY(_FILE), EMULATOR_WEBHOOK_SECONDARY_KEY(_FILE),
 * EMULATOR_WEBHOOK_TRIGGERS (comma-separated), EMULATOR_WEBHOOK_TRIGGER_SPELLING (guide|spec),
 * EMULATOR_WEBHOOK_MAX_RETRIES, EMULATOR_WEBHOOK_RETRY_BASE_DELAY_MS.
 */
export function webhooksFromEnv(env: NodeJS.ProcessEnv): Partial<WebhookSenderConfig> {
  const config: Record<string, unknown> = {};
  const address = read(env, 'EMULATOR_WEBHOOK_ADDRESS');
  if (address !== undefined) config.address = address;
  const primary = secret(env, 'EMULATOR_WEBHOOK_PRIMARY_KEY');
  if (primary !== undefined) config.primary_key = primary;
  const secondary = secret(env, 'EMULATOR_WEBHOOK_SECONDARY_KEY');
  if (secondary !== undefined) config.secondary_key = secondary;
  const triggers = read(env, 'EMULATOR_WEBHOOK_TRIGGERS');
  if (triggers !== undefined) config.triggers = triggers.split(',').map((t) => t.trim());
  const spelling = read(env, 'EMULATOR_WEBHOOK_TRIGGER_SPELLING');
  if (spelling !== undefined) config.trigger_spelling = spelling;
  for (const [key, field] of [
    ['EMULATOR_WEBHOOK_MAX_RETRIES', 'max_retries'],
    ['EMULATOR_WEBHOOK_RETRY_BASE_DELAY_MS', 'retry_base_delay_ms'],
  ] as const) {
    const raw = read(env, key);
    if (raw !== undefined) config[field] = /^\d+$/.test(raw) ? Number(raw) : raw;
  }
  return config;
}

function read(env: NodeJS.ProcessEnv, key: string): string | undefined {
  const value = env[key]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function secret(env: NodeJS.ProcessEnv, key: string): string | undefined {
  const inline = read(env, key);
  const file = read(env, `${key}_FILE`);
  if (inline !== undefined && file !== undefined) throw new Error(`set ${key} or ${key}_FILE, not both`);
  if (file === undefined) return inline;
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new Error(`${key}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
}
