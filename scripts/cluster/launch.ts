import { resolve } from 'node:path';
import { spawnDetached, waitFor } from '../processes';
import { PROJECT_ROOT } from '../tools';
import type { ClusterState } from './state';
import { isRunning, logFileOf, writeClusterState } from './state';

/** One background process of the cluster: what it runs, how to tell it is ready. */
export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** What its command line contains (the script or the service flag), to recognise it later. */
  marker: string;
  ready: () => Promise<boolean>;
  readyWithinMs?: number;
}

/** Starts it unless the recorded one still runs, records its pid, waits until it is ready. Returns whether it started. */
export async function launch(state: ClusterState, spec: ProcessSpec, log: (line: string) => void): Promise<boolean> {
  const fresh = !isRunning(state[spec.name]);
  if (fresh) {
    const pid = spawnDetached(spec.command, spec.args, logFileOf(spec.name), spec.env);
    state[spec.name] = { pid, marker: spec.marker };
    writeClusterState(state);
  } else log(`${spec.name} already running (pid ${state[spec.name]?.pid ?? '?'})`);
  const pid = state[spec.name]?.pid ?? -1;
  await waitFor(spec.name, spec.ready, spec.readyWithinMs ?? 60_000, { pid, logFile: logFileOf(spec.name) });
  return fresh;
}

/** A compiled script of this checkout, run by this Node. */
export function nodeScript(script: string, args: string[] = []): { command: string; args: string[]; marker: string } {
  return { command: process.execPath, args: [resolve(PROJECT_ROOT, script), ...args], marker: script };
}
