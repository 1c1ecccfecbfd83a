import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PersistedState } from './model';

export function loadState(file: string): PersistedState | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`emulator state file ${file} is not valid JSON: ${String(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as { version?: unknown }).version !== 1) {
    throw new Error(`emulator state file ${file} has an unknown format (expected version 1)`);
  }
  return parsed as PersistedState;
}

/** Writes the whole state after any change; write-then-rename so a crash never leaves half a file. */
export class StateWriter {
  private last = '';

  constructor(private readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
  }

  save(state: PersistedState): void {
    const text = JSON.stringify(state, null, 2) + '\n';
    if (text === this.last) return;
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, text, { mode: 0o600 });
    renameSync(tmp, this.file);
    this.last = text;
  }
}
