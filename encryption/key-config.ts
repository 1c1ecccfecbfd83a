import { readFileSync } from 'node:fs';
import { EncryptionConfigError } from './errors';
import type { KeyRing } from './key-ring';
import { KEY_LENGTH_BYTES, isValidKeyId } from './key-ring';

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
  const inline = read(env, ENCRYPTION_ENV.keys);
  const file = read(env, ENCRYPTION_ENV.keysFile);
  const insecure = read(env, ENCRYPTION_ENV.insecurePlaintext);
  if (insecure !== undefined && insecure !== 'true' && insecure !== 'false') {
    problems.push(`${ENCRYPTION_ENV.insecurePlaintext} must be true or false`);
  }
  const wantsPlaintext = insecure === 'true';

  if (inline !== undefined && file !== undefined) {
    problems.push(`set ${ENCRYPTION_ENV.keys} or ${ENCRYPTION_ENV.keysFile}, not both`);
  }
  if (inline === undefined && file === undefined) {
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

  let source = ENCRYPTION_ENV.keys as string;
  let text = inline;
  if (text === undefined && file !== undefined) {
    source = `${ENCRYPTION_ENV.keysFile} (${file})`;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      problems.push(`${ENCRYPTION_ENV.keysFile}: cannot read ${file} (${code})`);
    }
  }
  const keyRing =
    text === undefined ? undefined : parseKeyRing(text, source, read(env, ENCRYPTION_ENV.activeKeyId), problems);
  if (problems.length > 0 || keyRing === undefined) throw new EncryptionConfigError(problems);
  return { mode: 'encrypted', keyRing };
}

/** Entries `id:base64`, separated by commas or newlines; problems are appended, never echoing a key. */
export function parseKeyRing(
  text: string,
  source: string,
  activeKeyId: string | undefined,
  problems: string[],
): KeyRing | undefined {
  const keys = new Map<string, Buffer>();
  const before = problems.length;
  const entries = text
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '' && !entry.startsWith('#'));
  if (entries.length === 0) problems.push(`${source} holds no keys`);
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(':');
    if (colon <= 0) {
      problems.push(`entry ${index + 1} of ${source} is not "id:base64"`);
      return;
    }
    const id = entry.slice(0, colon).trim();
    const encoded = entry.slice(colon + 1).trim();
    if (!isValidKeyId(id)) {
      problems.push(`entry ${index + 1} of ${source}: a key id is 1-64 letters, digits, ".", "_" or "-"`);
      return;
    }
    if (keys.has(id)) {
      problems.push(`key id "${id}" appears twice in ${source}`);
      return;
    }
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded)) {
      problems.push(`key "${id}" in ${source} is not base64`);
      return;
    }
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== KEY_LENGTH_BYTES) {
      problems.push(
        `key "${id}" in ${source} is ${key.length} bytes; AES-256 needs ${KEY_LENGTH_BYTES} (${KEY_GENERATION_HINT})`,
      );
      return;
    }
    keys.set(id, key);
  });
  if (problems.length > before) return undefined;

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

function read(env: NodeJS.ProcessEnv, key: string): string | undefined {
  const value = env[key]?.trim();
  return value === undefined || value === '' ? undefined : value;
}
