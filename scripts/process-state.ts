import { readFileSync } from 'node:fs';
import { isAlive } from './processes';

/**
 * What a recorded pid is now. `kill(pid, 0)` alone is not enough: it succeeds for a zombie (a killed process its
 * parent has not reaped) and for an unrelated process that got the pid later. On Linux, /proc tells them apart;
 * elsewhere the signal check is all there is.
 */
export type ProcessState = 'running' | 'exited' | 'zombie' | 'another process';

export function processState(pid: number, commandContains: string): ProcessState {
  if (!isAlive(pid)) return 'exited';
  const stat = readProc(pid, 'stat');
  if (stat === undefined) return 'running';
  // Field 3, after the command name in parentheses (which may itself contain spaces or parentheses).
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  if (state === 'Z' || state === 'X') return 'zombie';
  const command = readProc(pid, 'cmdline')?.split('\0').join(' ');
  if (command !== undefined && !command.includes(commandContains)) return 'another process';
  return 'running';
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}
