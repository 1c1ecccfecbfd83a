import type { SettingsReader } from '../../config/reader';
import { EMULATOR_SETTINGS } from '../../config/settings/emulator';
import { canonicalSignTrigger } from '../../webhooks/triggers';
import type { WebhookSenderConfig } from './config';

const S = EMULATOR_SETTINGS;

/**
 * The emulator's webhook settings from its environment (config/settings/emulator.ts): EMULATOR_WEBHOOK_ADDRESS,
 * EMULATOR_WEBHOOK_PRIMARY_KEY(_FILE), EMULATOR_WEBHOOK_SECONDARY_KEY(_FILE), EMULATOR_WEBHOOK_TRIGGERS
 * (comma-separated), EMULATOR_WEBHOOK_TRIGGER_SPELLING (guide|spec), EMULATOR_WEBHOOK_MAX_RETRIES,
 * EMULATOR_WEBHOOK_RETRY_BASE_DELAY_MS. Only the ones set: the rest keep the control API's defaults.
 */
export function webhooksFromEnv(reader: SettingsReader): Partial<WebhookSenderConfig> {
  const config: Partial<WebhookSenderConfig> = {};
  const set = (name: string) => reader.raw(name) !== undefined;
  const address = reader.get(S.EMULATOR_WEBHOOK_ADDRESS);
  if (address !== undefined) config.address = address;
  const primary = reader.get(S.EMULATOR_WEBHOOK_PRIMARY_KEY);
  if (primary !== undefined) config.primary_key = primary;
  const secondary = reader.get(S.EMULATOR_WEBHOOK_SECONDARY_KEY);
  if (secondary !== undefined) config.secondary_key = secondary;
  const triggers = reader.get(S.EMULATOR_WEBHOOK_TRIGGERS);
  if (triggers.length > 0) {
    const canonical = triggers.map(canonicalSignTrigger);
    if (canonical.includes(undefined)) reader.problem(`${S.EMULATOR_WEBHOOK_TRIGGERS.name} must list Sign triggers`);
    else config.triggers = canonical.filter((trigger) => trigger !== undefined);
  }
  if (set(S.EMULATOR_WEBHOOK_TRIGGER_SPELLING.name)) {
    config.trigger_spelling = reader.get(S.EMULATOR_WEBHOOK_TRIGGER_SPELLING);
  }
  if (set(S.EMULATOR_WEBHOOK_MAX_RETRIES.name)) config.max_retries = reader.get(S.EMULATOR_WEBHOOK_MAX_RETRIES);
  if (set(S.EMULATOR_WEBHOOK_RETRY_BASE_DELAY_MS.name)) {
    config.retry_base_delay_ms = reader.get(S.EMULATOR_WEBHOOK_RETRY_BASE_DELAY_MS);
  }
  return config;
}
