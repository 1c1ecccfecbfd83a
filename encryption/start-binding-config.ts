import { SettingsReader } from '../config/reader';
import { TENANCY_SETTINGS } from '../config/settings/tenancy';
import type { PayloadProtection } from './key-config';
import { parseKeyEntries } from './key-entries';
import type { StartBindingKeys } from './start-binding';
import { startBindingKeysFor } from './start-binding';

const S = TENANCY_SETTINGS;

/** BOX_SIGN_START_BINDING_KEYS (or its _FILE), else keys derived from the payload keys; a ConfigError lists problems. */
export function loadStartBindingKeys(
  protection: PayloadProtection,
  env: NodeJS.ProcessEnv = process.env,
): StartBindingKeys | null {
  const reader = new SettingsReader(env);
  const text = reader.secretText(S.BOX_SIGN_START_BINDING_KEYS);
  const explicit =
    text === undefined
      ? undefined
      : parseKeyEntries(
          text.text,
          text.source,
          { bytes: 32, algorithm: 'HMAC-SHA256', hint: 'generate one with: openssl rand -base64 32' },
          reader.problems,
        );
  return reader.finish('start-binding configuration', () => startBindingKeysFor(explicit, protection));
}

/** BOX_SIGN_UNBOUND_API_STARTS_BEFORE as epoch ms; null when unset. */
export function loadUnboundStartsBefore(env: NodeJS.ProcessEnv = process.env): number | null {
  const reader = new SettingsReader(env);
  const text = reader.get(S.BOX_SIGN_UNBOUND_API_STARTS_BEFORE);
  const ms = text === undefined ? null : Date.parse(text);
  if (ms !== null && Number.isNaN(ms)) {
    reader.problem(`${S.BOX_SIGN_UNBOUND_API_STARTS_BEFORE.name} must be an RFC 3339 time`);
  }
  return reader.finish('start-binding configuration', () => ms);
}
