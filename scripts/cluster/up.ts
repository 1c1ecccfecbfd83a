import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { StackInfo } from '../stack/info';
import { STACK_UMASK } from '../stack-dir';
import { clusterInfo } from './info';
import { launch } from './launch';
import { CLUSTER_DIR, clusterPorts } from './layout';
import { initPostgres, pgBinDir, PG_USER, startPostgres } from './postgres';
import { startProduct } from './product';
import { setUpSchemas } from './schema';
import type { DatabaseAccess } from './server-config';
import { NUM_HISTORY_SHARDS } from './server-config';
import { readClusterState } from './state';
import { ensureNamespace, temporalServiceSpecs } from './temporal-services';
import { ensureTemporalBinaries } from './temporal-build';

/**
 * `npm run cluster:up`: a real multi-service Temporal server on this machine and the product on it, idempotent (what
 * runs is left alone, what is missing or was killed is started again; the chaos relies on that). In order: the
 * server binaries (built once), PostgreSQL, the schemas, history, matching, frontend and worker as four processes,
 * the namespace, then the product (scripts/cluster/product.ts).
 */
export async function clusterUp(log: (line: string) => void = console.log): Promise<StackInfo> {
  // CLUSTER_DIR stays enterable (not listable) by others: PostgreSQL runs as its own user inside it.
  mkdirSync(join(CLUSTER_DIR, 'logs'), { recursive: true, mode: 0o700 });
  chmodSync(CLUSTER_DIR, 0o711);
  const previousUmask = process.umask(STACK_UMASK);
  try {
    const ports = clusterPorts();
    const info = clusterInfo(ports);
    const binaries = ensureTemporalBinaries(log);
    const pgBin = pgBinDir(log);
    const db: DatabaseAccess = { port: ports.postgres, user: PG_USER, password: databasePassword() };
    if (initPostgres(pgBin, ports.postgres, db.password)) log(`PostgreSQL initialised in ${CLUSTER_DIR}/postgres`);
    startPostgres(pgBin);
    setUpSchemas(binaries, db, log);

    const state = readClusterState();
    for (const spec of temporalServiceSpecs(binaries, ports, db, info.namespace, info.taskQueue)) {
      if (await launch(state, spec, log)) log(`${spec.name} started (pid ${state[spec.name]?.pid ?? '?'})`);
    }
    ensureNamespace(info.temporalAddress, info.namespace, log);
    await startProduct(state, info, ports, log);
    log(
      `cluster up: Temporal ${info.temporalAddress} (4 services, ${NUM_HISTORY_SHARDS} history shards, PostgreSQL ` +
        `127.0.0.1:${ports.postgres}), API ${info.apiUrl}, emulator ${info.emulatorUrl}; logs in ${CLUSTER_DIR}/logs`,
    );
    return info;
  } finally {
    process.umask(previousUmask);
  }
}

/** Generated on first use, kept (the database was initialised with it), owner-only. */
function databasePassword(): string {
  const file = join(CLUSTER_DIR, 'db-password');
  if (!existsSync(file)) writeFileSync(file, `${randomBytes(18).toString('base64url')}\n`, { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}
