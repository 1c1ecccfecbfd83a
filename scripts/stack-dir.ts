import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Only the owner may enter the stack's folder: it holds the payload key, tokens, API keys, temporal.db and logs. */
export const STACK_DIR_MODE = 0o700;
/** What the stack's processes create (temporal.db and its journal, logs, the emulator's state): owner-only. */
export const STACK_UMASK = 0o077;

/**
 * Creates the stack's folder owner-only, or tightens an existing one (stacks from before this rule left it and its
 * files world-readable): the folder 0700, and no group or other access to any file directly in it. Returns what it
 * tightened ('.' for the folder), so that `up` can say so.
 */
export function prepareStackDir(dir: string): string[] {
  mkdirSync(dir, { recursive: true, mode: STACK_DIR_MODE });
  const tightened: string[] = [];
  if (modeOf(dir) !== STACK_DIR_MODE) {
    chmodSync(dir, STACK_DIR_MODE);
    tightened.push('.');
  }
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const mode = modeOf(path);
    if (!lstatSync(path).isFile() || (mode & 0o077) === 0) continue;
    chmodSync(path, mode & 0o700);
    tightened.push(name);
  }
  return tightened;
}

function modeOf(path: string): number {
  return lstatSync(path).mode & 0o777;
}
