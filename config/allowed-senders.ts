import { SettingsReader } from './reader';
import { SETTINGS } from './settings';

/** BOX_SIGN_ALLOWED_SENDERS of this environment (none when unset); a malformed entry is a ConfigError. */
export function loadAllowedSenders(env: NodeJS.ProcessEnv = process.env): string[] {
  const reader = new SettingsReader(env);
  const senders = reader.get(SETTINGS.BOX_SIGN_ALLOWED_SENDERS);
  return reader.finish('allowed senders', () => senders);
}
