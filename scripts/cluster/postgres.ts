import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLUSTER_DIR, HOST } from './layout';

/**
 * The cluster's own PostgreSQL instance (Debian's package, installed when missing; never the system service): its
 * data under CLUSTER_DIR/postgres, its own port, one superuser `temporal` with a generated password. PostgreSQL
 * refuses to run as root, so as root every pg_ctl/initdb runs as the package's `postgres` user.
 */
export const PG_DIR = join(CLUSTER_DIR, 'postgres');
const DATA_DIR = join(PG_DIR, 'data');
export const PG_LOG = join(PG_DIR, 'postgres.log');
export const PG_USER = 'temporal';

export function pgBinDir(log: (line: string) => void): string {
  const found = installedBinDir();
  if (found) return found;
  if (process.getuid?.() !== 0) throw new Error("PostgreSQL is missing: install Debian's postgresql package (as root)");
  log('installing PostgreSQL (Debian package postgresql)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { env, stdio: 'inherit' }).status;
  if (install() !== 0) {
    spawnSync('apt-get', ['update'], { env, stdio: 'inherit' });
    if (install() !== 0) throw new Error('apt-get install postgresql failed');
  }
  const installed = installedBinDir();
  if (!installed) throw new Error('postgresql installed, but no /usr/lib/postgresql/*/bin/pg_ctl');
  return installed;
}

function installedBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

/** A command as the owner of the data: `postgres` when we are root, else ourselves. */
function asOwner(binDir: string, tool: string, args: string[]): string {
  const path = join(binDir, tool);
  const [command, all] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
  return execFileSync(command, all, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** initdb on first use (password auth over TCP on loopback only), then the instance's settings. */
export function initPostgres(binDir: string, port: number, password: string): boolean {
  if (existsSync(join(DATA_DIR, 'PG_VERSION'))) return false;
  rmSync(PG_DIR, { recursive: true, force: true });
  mkdirSync(PG_DIR, { mode: 0o700 });
  const pwFile = join(PG_DIR, 'initdb-password');
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (process.getuid?.() === 0) {
    const { uid, gid } = postgresIds();
    chownSync(PG_DIR, uid, gid);
    chownSync(pwFile, uid, gid);
  }
  try {
    asOwner(binDir, 'initdb', [
      '-D',
      DATA_DIR,
      '-U',
      PG_USER,
      `--pwfile=${pwFile}`,
      '--auth=scram-sha-256',
      '-E',
      'UTF8',
    ]);
  } finally {
    rmSync(pwFile, { force: true });
  }
  appendFileSync(
    join(DATA_DIR, 'postgresql.conf'),
    [
      `port = ${port}`,
      `listen_addresses = '${HOST}'`,
      `unix_socket_directories = '${PG_DIR}'`,
      // Four services with their connection pools, the schema tool and the chaos's restart: room to spare.
      'max_connections = 200',
      '',
    ].join('\n'),
  );
  return true;
}

function postgresIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

export function postgresRunning(binDir: string): boolean {
  try {
    asOwner(binDir, 'pg_ctl', ['-D', DATA_DIR, 'status']);
    return true;
  } catch {
    return false;
  }
}

export function startPostgres(binDir: string): void {
  if (!postgresRunning(binDir)) asOwner(binDir, 'pg_ctl', ['-D', DATA_DIR, '-l', PG_LOG, '-w', '-t', '60', 'start']);
}

/** `-m immediate`: no checkpoint, no goodbye to clients, a crash recovery at the next start (the chaos's restart). */
export function restartPostgresImmediately(binDir: string): void {
  asOwner(binDir, 'pg_ctl', ['-D', DATA_DIR, '-l', PG_LOG, '-m', 'immediate', '-w', '-t', '60', 'restart']);
}

export function stopPostgres(binDir: string): boolean {
  if (!existsSync(DATA_DIR) || !postgresRunning(binDir)) return false;
  asOwner(binDir, 'pg_ctl', ['-D', DATA_DIR, '-m', 'fast', '-w', 'stop']);
  return true;
}
