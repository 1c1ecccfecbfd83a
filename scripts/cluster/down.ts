import { existsSync } from 'node:fs';
import { stopProcess } from '../processes';
import { CLUSTER_DIR } from './layout';
import { pgBinDir, stopPostgres } from './postgres';
import { isRunning, readClusterState, writeClusterState } from './state';

/** The product first, then the Temporal services (frontend before the rest), then PostgreSQL. */
const STOP_ORDER = [
  'api-1',
  'api-2',
  'worker-1',
  'worker-2',
  'receiver-1',
  'receiver-2',
  'balancer',
  'codec',
  'emulator',
  'temporal-frontend',
  'temporal-worker',
  'temporal-matching',
  'temporal-history',
];

/** `npm run cluster:down`: stops exactly what `up` recorded, and the cluster's PostgreSQL; the data stays. */
export async function clusterDown(log: (line: string) => void = console.log): Promise<void> {
  if (!existsSync(CLUSTER_DIR)) return;
  const state = readClusterState();
  for (const name of [...STOP_ORDER, ...Object.keys(state).filter((n) => !STOP_ORDER.includes(n))]) {
    const recorded = state[name];
    if (isRunning(recorded)) {
      await stopProcess(recorded.pid);
      log(`stopped ${name} (pid ${recorded.pid})`);
    }
    delete state[name];
  }
  writeClusterState(state);
  if (stopPostgres(pgBinDir(log))) log('stopped PostgreSQL');
}
