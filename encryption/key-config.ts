import { EncryptionConfigError } from './errors';
import type { KeyRing } from './key-ring';
import { KEY_LENGTH_BYTES } from './key-ring';
import { parseKeyEntries, readKeyText, readSetting } from './key-entries';

/** Encrypted payloads (the default everywhere), or plaintext only when explicitly asked for in development. */
export type PayloadProtection = { mode: 'encrypted'; keyRing: KeyRing } | { mode: 'insecure-plaintext' };

export const ENCRYPTION_ENV = {
  keys: 'BOX_SIGN_ENCRYPTION_KEYS',
  keysFile: 'BOX_SIGN_ENCRYPTION_KEYS_FILE',
  activeKeyId: 'BOX_SIGN_ENCRYPTION_ACTIVE_KEY_ID',
  insecurePlaintext: 'BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS',
} as const;

export const KEY_GENERATION_HINT = 'generate one with: openssl rand -base64 32';

/**
 * Reads the key ring from BOX_SIGN_ENCRYPTION_KEYS (`id:base64,id:base64`) or from the file named by
 * BOX_SIGN_ENCRYPTION_KEYS_FILE (same entries, commas or newlines). The worker, the CLI, the client library
 * and the codec server all read it the same way. Throws EncryptionConfigError listing every problem.
 */
export function loadPayloadProtection(env: NodeJS.ProcessEnv = process.env): PayloadProtection {
  const problems: string[] = [];
  const wantsPlaintext = insecurePlaintextChosen(env, problems);
  const keyText = readKeyText(env, ENCRYPTION_ENV.keys, ENCRYPTION_ENV.keysFile, problems);
  if (keyText === null) {
    if (wantsPlaintext && problems.length === 0) return { mode: 'insecure-plaintext' };
    if (!wantsPlaintext) {
      problems.push(
        `no payload encryption key: set ${ENCRYPTION_ENV.keys} (id:base64 of 32 bytes, ${KEY_GENERATION_HINT}) ` +
          `or ${ENCRYPTION_ENV.keysFile}; only for local development without encryption, ` +
          `${ENCRYPTION_ENV.insecurePlaintext}=true`,
      );
    }
    throw new EncryptionConfigError(problems);
  }
  if (wantsPlaintext) {
    problems.push(`${ENCRYPTION_ENV.insecurePlaintext}=true contradicts the configured encryption keys: remove one`);
  }
  const activeKeyId = readSetting(env, ENCRYPTION_ENV.activeKeyId);
  const keyRing = keyText && parseKeyRing(keyText.text, keyText.source, activeKeyId, problems);
  if (problems.length > 0 || !keyRing) throw new EncryptionConfigError(problems);
  return { mode: 'encrypted', keyRing };
}

/** BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS=true: development without payload encryption or sealing. */
export function insecurePlaintextChosen(env: NodeJS.ProcessEnv, problems: string[]): boolean {
  const insecure = readSetting(env, ENCRYPTION_ENV.insecurePlaintext);
  if (insecure !== undefined && insecure !== 'true' && insecure !== 'false') {
    problems.push(`${ENCRYPTION_ENV.insecurePlaintext} must be true or false`);
  }
  return insecure === 'true';
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
