import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcessState } from '../process-state';
import { processState } from '../process-state';
import { EMULATOR_MAIN } from './emulator';
import { STACK_DIR } from './info';

/** The pids `up` started, in STACK_DIR/stack.json: `down` stops exactly these. */
export interface StackState {
  temporal?: { pid: number };
  emulator?: { pid: number };
  codec?: { pid: number };
  receiver?: { pid: number };
  worker?: { pid: number };
  api?: { pid: number };
}

export type Component = keyof StackState;

const STATE_FILE = join(STACK_DIR, 'stack.json');

/** What each component's command line contains: a recorded pid now running something else is not ours. */
export const COMMANDS: Record<Component, string> = {
  temporal: 'start-dev',
  emulator: EMULATOR_MAIN,
  codec: 'codec-server-main.js',
  receiver: join('lib', 'webhooks', 'main.js'),
  worker: join('lib', 'worker', 'main.js'),
  api: join('lib', 'api', 'main.js'),
};

export function readState(): StackState {
  return existsSync(STATE_FILE) ? (JSON.parse(readFileSync(STATE_FILE, 'utf8')) as StackState) : {};
}

export function writeState(state: StackState): void {
  writeFileSync(STATE_FILE, JSON.stringify(state, null, 2), { mode: 0o600 });
}

export function running(state: StackState, component: Component): boolean {
  const pid = state[component]?.pid;
  return pid !== undefined && processState(pid, COMMANDS[component]) === 'running';
}

/**
 * True if the recorded process still runs (and, given `works`, still does its job), saying so. A recorded process that
 * exited, is a zombie, whose pid now belongs to another process, or that `works` found broken (and stopped) is
 * forgotten, saying why, to be started again.
 */
export async function alreadyRunning(
  state: StackState,
  component: Component,
  label: string,
  log: (line: string) => void,
  works?: (pid: number) => Promise<boolean>,
): Promise<boolean> {
  const pid = state[component]?.pid;
  if (pid === undefined) return false;
  const now = processState(pid, COMMANDS[component]);
  if (now === 'running' && (works === undefined || (await works(pid)))) {
    log(`${label} already running (pid ${pid})`);
    return true;
  }
  if (now !== 'running') log(`${label} (pid ${pid}) ${gone(now)}: starting it again`);
  delete state[component];
  writeState(state);
  return false;
}

function gone(state: ProcessState): string {
  if (state === 'zombie') return 'has exited (a zombie, not reaped)';
  if (state === 'exited') return 'has exited';
  return 'is gone (its pid belongs to another process now)';
}

/** The recorded process and its log, so that `waitFor` gives up at once, naming the log, when it died. */
export function watched(state: StackState, component: Component) {
  const pid = state[component]?.pid;
  return pid === undefined ? undefined : { pid, logFile: join(STACK_DIR, `${component}.log`) };
}
