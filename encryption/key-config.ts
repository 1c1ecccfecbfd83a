import { ConfigError } from '../config/config-error';
import { SettingsReader } from '../config/reader';
import { fileVariable } from '../config/setting';
import { ENCRYPTION_SETTINGS } from '../config/settings/encryption';
import { TENANCY_SETTINGS } from '../config/settings/tenancy';
import type { KeyRing } from './key-ring';
import { KEY_LENGTH_BYTES } from './key-ring';
import { parseKeyEntries } from './key-entries';

/** Encrypted payloads (the default everywhere), or plaintext only when explicitly asked for in development. */
export type PayloadProtection =
  | {
      mode: 'encrypted';
      keyRing: KeyRing;
      /** BOX_SIGN_REQUIRE_ENCRYPTED_PAYLOADS: decode refuses plain payloads (the deployment has migrated). */
      refusePlain?: boolean;
    }
  | { mode: 'insecure-plaintext' };

const S = ENCRYPTION_SETTINGS;

export const ENCRYPTION_ENV = {
  keys: S.BOX_SIGN_ENCRYPTION_KEYS.name,
  keysFile: fileVariable(S.BOX_SIGN_ENCRYPTION_KEYS),
  activeKeyId: S.BOX_SIGN_ENCRYPTION_ACTIVE_KEY_ID.name,
  insecurePlaintext: S.BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS.name,
} as const;

/** The subject of the encryption settings' ConfigError: "Invalid encryption configuration: …". */
export const ENCRYPTION_CONFIG = 'encryption configuration';

export const KEY_GENERATION_HINT = 'generate one with: openssl rand -base64 32';

/**
 * Reads the key ring from BOX_SIGN_ENCRYPTION_KEYS (`id:base64,id:base64`) or from the file named by
 * BOX_SIGN_ENCRYPTION_KEYS_FILE (same entries, commas or newlines). The worker, the CLI, the client library
 * and the codec server all read it the same way. Throws a ConfigError listing every problem.
 */
export function loadPayloadProtection(env: NodeJS.ProcessEnv = process.env): PayloadProtection {
  const reader = new SettingsReader(env);
  const wantsPlaintext = reader.get(S.BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS);
  const refusePlain = reader.get(TENANCY_SETTINGS.BOX_SIGN_REQUIRE_ENCRYPTED_PAYLOADS);
  if (wantsPlaintext && refusePlain) {
    reader.problem(
      `${TENANCY_SETTINGS.BOX_SIGN_REQUIRE_ENCRYPTED_PAYLOADS.name}=true contradicts ${ENCRYPTION_ENV.insecurePlaintext}=true: remove one`,
    );
  }
  const keyText = reader.secretText(S.BOX_SIGN_ENCRYPTION_KEYS);
  if (keyText === undefined) {
    if (wantsPlaintext && reader.problems.length === 0) return { mode: 'insecure-plaintext' };
    if (!wantsPlaintext && !hasSetting(env, ENCRYPTION_ENV.keys, ENCRYPTION_ENV.keysFile)) {
      reader.problem(
        `no payload encryption key: set ${ENCRYPTION_ENV.keys} (id:base64 of 32 bytes, ${KEY_GENERATION_HINT}) ` +
          `or ${ENCRYPTION_ENV.keysFile}; only for local development without encryption, ` +
          `${ENCRYPTION_ENV.insecurePlaintext}=true`,
      );
    }
    throw new ConfigError(ENCRYPTION_CONFIG, reader.problems);
  }
  if (wantsPlaintext) {
    reader.problem(`${ENCRYPTION_ENV.insecurePlaintext}=true contradicts the configured encryption keys: remove one`);
  }
  const activeKeyId = reader.get(S.BOX_SIGN_ENCRYPTION_ACTIVE_KEY_ID);
  const keyRing = parseKeyRing(keyText.text, keyText.source, activeKeyId, reader.problems);
  return reader.finish(
    ENCRYPTION_CONFIG,
    () => keyRing && { mode: 'encrypted', keyRing, ...(refusePlain ? { refusePlain } : {}) },
  );
}

/** Whether any of the variables is set (a set but broken one has its own problem already). */
export function hasSetting(env: NodeJS.ProcessEnv, ...names: string[]): boolean {
  return names.some((name) => (env[name] ?? '').trim() !== '');
}

/** Entries `id:base64` of 32-byte AES keys (key-entries.ts); problems are appended, never echoing a key. */
export function parseKeyRing(
  text: string,
  source: string,
  activeKeyId: string | undefined,
  problems: string[],
): KeyRing | undefined {
  const keys = parseKeyEntries(
    text,
    source,
    { bytes: KEY_LENGTH_BYTES, algorithm: 'AES-256', hint: KEY_GENERATION_HINT },
    problems,
  );
  if (keys === undefined) return undefined;

  const ids = [...keys.keys()];
  if (activeKeyId === undefined) {
    if (ids.length === 1 && ids[0] !== undefined) return { activeKeyId: ids[0], keys };
    problems.push(
      `${source} holds several keys: set ${ENCRYPTION_ENV.activeKeyId} to the one new payloads use (${ids.join(', ')})`,
    );
    return undefined;
  }
  if (!keys.has(activeKeyId)) {
    problems.push(`${ENCRYPTION_ENV.activeKeyId} is not one of the key ids in ${source} (${ids.join(', ')})`);
    return undefined;
  }
  return { activeKeyId, keys };
}
