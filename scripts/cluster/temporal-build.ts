import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, pinnedVersion } from '../tools';

/**
 * The Temporal server and its SQL schema tool, built from Go module go.temporal.io/server at the version the dev
 * server embeds (TEMPORAL_SERVER_VERSION), with `go install` into the git-ignored .tools/go/ (module cache, build
 * cache and binaries, kept across runs: about 10 minutes and 1.6 GB the first time, nothing afterwards).
 */
export interface TemporalBinaries {
  server: string;
  sqlTool: string;
  /** The module's source in the module cache: its schema/postgresql/v12/… folders. */
  moduleDir: string;
}

const GO_DIR = join(PROJECT_ROOT, '.tools', 'go');
const MODULE = 'go.temporal.io/server';

export function temporalBinaries(): TemporalBinaries {
  const version = `v${pinnedVersion('TEMPORAL_SERVER_VERSION')}`;
  const bin = join(GO_DIR, `bin-${version}`);
  return {
    server: join(bin, 'server'),
    sqlTool: join(bin, 'sql'),
    moduleDir: join(GO_DIR, 'pkg', 'mod', `${MODULE}@${version}`),
  };
}

/** The Go environment of the build: everything under .tools/go/, the machine's Go toolchain as it is. */
export function goEnv(version: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOPATH: GO_DIR,
    GOMODCACHE: join(GO_DIR, 'pkg', 'mod'),
    GOCACHE: join(GO_DIR, 'cache'),
    GOBIN: join(GO_DIR, `bin-${version}`),
    GOTOOLCHAIN: 'local',
    GOFLAGS: '-buildvcs=false',
  };
}

export function ensureTemporalBinaries(log: (line: string) => void): TemporalBinaries {
  const binaries = temporalBinaries();
  if (existsSync(binaries.server) && existsSync(binaries.sqlTool)) return binaries;
  const version = `v${pinnedVersion('TEMPORAL_SERVER_VERSION')}`;
  log(`building ${MODULE}@${version} (server, sql tool) into .tools/go/: about 10 minutes the first time`);
  const result = spawnSync('go', ['install', `${MODULE}/cmd/server@${version}`, `${MODULE}/cmd/tools/sql@${version}`], {
    env: goEnv(version),
    stdio: 'inherit',
  });
  if (result.error) throw new Error(`go install failed to start (${result.error.message}): is Go 1.26+ on PATH?`);
  if (result.status !== 0) throw new Error(`go install ${MODULE}@${version} exited with ${String(result.status)}`);
  return binaries;
}
