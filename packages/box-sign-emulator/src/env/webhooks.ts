import { canonicalSignTrigger } from '../webhooks/triggers';
import type { WebhookSenderConfig } from '../webhooks/config';
import type { EnvReader } from './reader';

/**
 * The webhook settings: EMULATOR_WEBHOOK_ADDRESS, EMULATOR_WEBHOOK_PRIMARY_KEY(_FILE),
 * EMULATOR_WEBHOOK_SECONDARY_KEY(_FILE), EMULATOR_WEBHOOK_TRIGGERS (comma-separated),
 * EMULATOR_WEBHOOK_TRIGGER_SPELLING (guide|spec), EMULATOR_WEBHOOK_MAX_RETRIES, EMULATOR_WEBHOOK_RETRY_BASE_DELAY_MS.
 * Only the ones set: the rest keep the control API's defaults.
 */
export function webhooksFromEnv(reader: EnvReader): Partial<WebhookSenderConfig> {
  const config: Partial<WebhookSenderConfig> = {};
  const address = reader.httpUrl('EMULATOR_WEBHOOK_ADDRESS');
  if (address !== undefined) config.address = address;
  const primary = reader.secret('EMULATOR_WEBHOOK_PRIMARY_KEY');
  if (primary !== undefined) config.primary_key = primary;
  const secondary = reader.secret('EMULATOR_WEBHOOK_SECONDARY_KEY');
  if (secondary !== undefined) config.secondary_key = secondary;
  const triggers = reader.list('EMULATOR_WEBHOOK_TRIGGERS');
  if (triggers.length > 0) {
    const canonical = triggers.map(canonicalSignTrigger);
    if (canonical.includes(undefined)) reader.problem('EMULATOR_WEBHOOK_TRIGGERS must list Sign triggers');
    else config.triggers = canonical.filter((trigger) => trigger !== undefined);
  }
  const spelling = reader.oneOf('EMULATOR_WEBHOOK_TRIGGER_SPELLING', ['guide', 'spec'] as const);
  if (spelling !== undefined) config.trigger_spelling = spelling;
  const maxRetries = reader.int('EMULATOR_WEBHOOK_MAX_RETRIES', 0, 86_400_000);
  if (maxRetries !== undefined) config.max_retries = maxRetries;
  const baseDelay = reader.int('EMULATOR_WEBHOOK_RETRY_BASE_DELAY_MS', 0, 86_400_000);
  if (baseDelay !== undefined) config.retry_base_delay_ms = baseDelay;
  return config;
}
