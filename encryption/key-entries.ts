import { readFileSync } from 'node:fs';
import { isValidKeyId } from './key-ring';

export interface KeyEntryRules {
  /** Exact length of each decoded key. */
  bytes: number;
  /** What needs that length, e.g. "AES-256" (in the problem that names a wrong length). */
  algorithm: string;
  /** How to generate a good key, appended to a wrong-length problem. */
  hint: string;
}

/**
 * `id:base64` entries separated by commas or newlines (`#` starts a comment line): the format of every key setting
 * and key file. Problems are appended, naming the entry or the id, never echoing a key.
 */
export function parseKeyEntries(
  text: string,
  source: string,
  rules: KeyEntryRules,
  problems: string[],
): Map<string, Buffer> | undefined {
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
    if (key.length !== rules.bytes) {
      problems.push(
        `key "${id}" in ${source} is ${key.length} bytes; ${rules.algorithm} needs ${rules.bytes} (${rules.hint})`,
      );
      return;
    }
    keys.set(id, key);
  });
  return problems.length > before ? undefined : keys;
}

export interface KeyText {
  text: string;
  /** The setting it came from, for problems: the variable, or the file variable and its path. */
  source: string;
}

/**
 * The text of a key setting given inline (`inlineVar`) or as a file (`fileVar`), one of the two: `null` when
 * neither is set, `undefined` when a problem was appended (both set, or the file unreadable).
 */
export function readKeyText(
  env: NodeJS.ProcessEnv,
  inlineVar: string,
  fileVar: string,
  problems: string[],
): KeyText | null | undefined {
  const inline = readSetting(env, inlineVar);
  const file = readSetting(env, fileVar);
  if (inline !== undefined && file !== undefined) {
    problems.push(`set ${inlineVar} or ${fileVar}, not both`);
    return undefined;
  }
  if (inline !== undefined) return { text: inline, source: inlineVar };
  if (file === undefined) return null;
  try {
    return { text: readFileSync(file, 'utf8'), source: `${fileVar} (${file})` };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    problems.push(`${fileVar}: cannot read ${file} (${code})`);
    return undefined;
  }
}

/** A trimmed setting; blank counts as unset. */
export function readSetting(env: NodeJS.ProcessEnv, key: string): string | undefined {
  const value = env[key]?.trim();
  return value === undefined || value === '' ? undefined : value;
}
