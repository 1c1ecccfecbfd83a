import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processState } from '../process-state';
import { CLUSTER_DIR } from './layout';

/**
 * The processes `up` started, by name, with what their command line contains (so that a pid now used by something
 * else is never stopped): `down` stops exactly these, the chaos kills them by name.
 */
export interface Recorded {
  pid: number;
  marker: string;
}
export type ClusterState = Record<string, Recorded>;

const STATE_FILE = join(CLUSTER_DIR, 'cluster.json');

export function readClusterState(): ClusterState {
  return existsSync(STATE_FILE) ? (JSON.parse(readFileSync(STATE_FILE, 'utf8')) as ClusterState) : {};
}

export function writeClusterState(state: ClusterState): void {
  writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

export function isRunning(recorded: Recorded | undefined): recorded is Recorded {
  return recorded !== undefined && processState(recorded.pid, recorded.marker) === 'running';
}

export function logFileOf(name: string): string {
  return join(CLUSTER_DIR, 'logs', `${name}.log`);
}
