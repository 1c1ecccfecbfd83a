import { isValidKeyId } from './key-ring';

export interface KeyEntryRules {
  /** Exact length of each decoded key. */
  bytes: number;
  /** What needs that length, e.g. "AES-256" (in the problem that names a wrong length). */
  algorithm: string;
  /** How to generate a good key, appended to a wrong-length problem. */
  hint: string;
  /** A stricter rule for the ids than the common one (isValidKeyId), and how to say it. */
  keyId?: { valid(id: string): boolean; rule: string };
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
    if (rules.keyId !== undefined && !rules.keyId.valid(id)) {
      problems.push(`entry ${index + 1} of ${source}: ${rules.keyId.rule}`);
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
