import type { SignTriggerName, TriggerSpelling } from './triggers';
import { SignTrigger, canonicalSignTrigger, spellTrigger } from './triggers';
import { ControlError } from '../errors';
import { isRecord } from '../http';

/** How the emulator delivers webhooks (snake_case: it travels as control-API JSON). */
export interface WebhookSenderConfig {
  /** Where deliveries go; null = no webhooks (the emulator then behaves exactly as without this feature). */
  address: string | null;
  /** Box's two signature keys; a header is sent only for a key that exists, as Box does. */
  primary_key: string | null;
  secondary_key: string | null;
  /** The subscription: canonical names. */
  triggers: SignTriggerName[];
  /** How the disputed trigger names are written in deliveries. */
  trigger_spelling: TriggerSpelling;
  /** Which spellings `POST /2.0/webhooks` accepts: Box's answer is unknown (box-sign-api.md §6.1). */
  accepted_trigger_spelling: TriggerSpelling | 'both';
  /** Box retries a non-2xx delivery up to 12 times over about 2 hours: base × 2^(n-1) after the n-th failure. */
  max_retries: number;
  retry_base_delay_ms: number;
  /** Whether `additional_info.external_id` carries the request's external id (false: the receiver must look it up). */
  include_external_id: boolean;
}

/** Everything the emulator announces: what it detects, and a bounce (the control action `bounce`). */
export const ALL_SENT_TRIGGERS: SignTriggerName[] = [
  SignTrigger.Completed,
  SignTrigger.Declined,
  SignTrigger.Expired,
  SignTrigger.SignerSigned,
  SignTrigger.SignatureRequested,
  SignTrigger.ErrorFinalizing,
  SignTrigger.SignerEmailBounced,
];

export const DEFAULT_WEBHOOK_SENDER_CONFIG: WebhookSenderConfig = {
  address: null,
  primary_key: null,
  secondary_key: null,
  triggers: ALL_SENT_TRIGGERS,
  trigger_spelling: 'guide',
  accepted_trigger_spelling: 'both',
  max_retries: 12,
  retry_base_delay_ms: 2_000,
  include_external_id: true,
};

/** Reads a partial update (control API or env) on top of `current`; 400 naming the field otherwise. */
export function parseWebhookSenderConfig(body: unknown, current: WebhookSenderConfig): WebhookSenderConfig {
  const invalid = (message: string) => new ControlError(400, { error: 'invalid_webhook_config', message });
  if (!isRecord(body)) throw invalid('body must be a JSON object');
  const next: WebhookSenderConfig = { ...current, triggers: [...current.triggers] };
  if (body.address !== undefined) {
    if (body.address !== null && (typeof body.address !== 'string' || !isHttpUrl(body.address))) {
      throw invalid("'address' must be an http(s) URL or null");
    }
    next.address = body.address;
  }
  for (const key of ['primary_key', 'secondary_key'] as const) {
    const value = body[key];
    if (value === undefined) continue;
    if (value !== null && (typeof value !== 'string' || value === '')) {
      throw invalid(`'${key}' must be a non-empty string or null`);
    }
    next[key] = value;
  }
  if (body.triggers !== undefined) {
    if (!Array.isArray(body.triggers)) throw invalid("'triggers' must be an array of Sign trigger names");
    next.triggers = body.triggers.map((t: unknown) => {
      const canonical = typeof t === 'string' ? canonicalSignTrigger(t) : undefined;
      if (canonical === undefined) throw invalid(`'triggers': ${JSON.stringify(t)} is not a Sign trigger`);
      return canonical;
    });
  }
  if (body.trigger_spelling !== undefined) {
    if (body.trigger_spelling !== 'guide' && body.trigger_spelling !== 'spec') {
      throw invalid("'trigger_spelling' must be 'guide' or 'spec'");
    }
    next.trigger_spelling = body.trigger_spelling;
  }
  if (body.accepted_trigger_spelling !== undefined) {
    const value = body.accepted_trigger_spelling;
    if (value !== 'guide' && value !== 'spec' && value !== 'both') {
      throw invalid("'accepted_trigger_spelling' must be 'guide', 'spec' or 'both'");
    }
    next.accepted_trigger_spelling = value;
  }
  for (const key of ['max_retries', 'retry_base_delay_ms'] as const) {
    const value = body[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 86_400_000) {
      throw invalid(`'${key}' must be a non-negative integer`);
    }
    next[key] = value;
  }
  if (body.include_external_id !== undefined) {
    if (typeof body.include_external_id !== 'boolean') throw invalid("'include_external_id' must be a boolean");
    next.include_external_id = body.include_external_id;
  }
  return next;
}

/** The config as the control API shows it: keys are secrets, so only whether each exists. */
export function renderWebhookSenderConfig(config: WebhookSenderConfig): Record<string, unknown> {
  const { primary_key, secondary_key, triggers, ...rest } = config;
  return {
    ...rest,
    has_primary_key: primary_key !== null,
    has_secondary_key: secondary_key !== null,
    triggers: triggers.map((t) => spellTrigger(t, config.trigger_spelling)),
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
