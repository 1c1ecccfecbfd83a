import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporalCliPath } from '../tools';
import { temporalReady } from '../stack/health';
import { isPortFree } from '../processes';
import type { ProcessSpec } from './launch';
import type { ClusterPorts, TemporalService } from './layout';
import { CLUSTER_DIR, TEMPORAL_SERVICES, frontendAddress } from './layout';
import type { DatabaseAccess } from './server-config';
import { dynamicConfig, serverConfig, serviceArgs } from './server-config';
import type { TemporalBinaries } from './temporal-build';

const CONFIG_DIR = join(CLUSTER_DIR, 'config');
export const DYNAMIC_CONFIG_FILE = join(CONFIG_DIR, 'dynamic-config.yaml');

/** Writes the server's files (owner-only: they hold the database password) and returns the four processes. */
export function temporalServiceSpecs(
  binaries: TemporalBinaries,
  ports: ClusterPorts,
  db: DatabaseAccess,
  namespace: string,
  taskQueue: string,
): ProcessSpec[] {
  mkdirSync(CONFIG_DIR, { recursive: true, mode: 0o700 });
  writeFileSync(DYNAMIC_CONFIG_FILE, `${JSON.stringify(dynamicConfig(namespace, taskQueue), null, 2)}\n`, {
    mode: 0o600,
  });
  return TEMPORAL_SERVICES.map((service) => {
    const configFile = join(CONFIG_DIR, `${service}.yaml`);
    const config = serverConfig(service, ports, db, DYNAMIC_CONFIG_FILE);
    writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
    return {
      name: `temporal-${service}`,
      command: binaries.server,
      args: serviceArgs(service, configFile),
      env: process.env,
      marker: `--service ${service}`,
      ready: serviceReady(service, ports),
      readyWithinMs: 90_000,
    };
  });
}

/** Ready when it listens on its gRPC port (the frontend: when it answers); membership settles after. */
function serviceReady(service: TemporalService, ports: ClusterPorts): () => Promise<boolean> {
  if (service === 'frontend') return () => temporalReady(frontendAddress(ports));
  return async () => !(await isPortFree(ports.services[service].grpc));
}

/** The namespace, with the `temporal` CLI as an operator would (the project has no command of its own for it). */
export function ensureNamespace(address: string, namespace: string, log: (line: string) => void): void {
  const cli = temporalCliPath();
  const base = ['--address', address, '--namespace', namespace];
  try {
    execFileSync(cli, ['operator', 'namespace', 'describe', ...base], { stdio: 'ignore' });
    return;
  } catch {
    execFileSync(cli, ['operator', 'namespace', 'create', ...base, '--retention', '72h'], { stdio: 'pipe' });
    log(`namespace ${namespace} registered (retention 72 h)`);
  }
}
