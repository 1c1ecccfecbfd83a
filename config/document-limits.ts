import { SettingsReader } from './reader';
import { DOCUMENT_SETTINGS } from './settings/documents';

/** DOCUMENT_MAX_BYTES of this environment (500 MiB when unset); a malformed value is a ConfigError. */
export function loadDocumentMaxBytes(env: NodeJS.ProcessEnv = process.env): number {
  const reader = new SettingsReader(env);
  const maxBytes = reader.get(DOCUMENT_SETTINGS.DOCUMENT_MAX_BYTES);
  return reader.finish('document limits', () => maxBytes);
}
