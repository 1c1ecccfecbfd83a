import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLUSTER_DIR, HOST } from './layout';
import type { DatabaseAccess } from './server-config';
import { DATABASES } from './server-config';
import type { TemporalBinaries } from './temporal-build';

/**
 * The two databases and their schemas, with the server's own tool (temporal-sql-tool, cmd/tools/sql) and the
 * versioned schema folders of the same module: created once, then `update-schema` on every `up` (a no-op when
 * current, the migration when the pinned server version moves).
 */
export function setUpSchemas(binaries: TemporalBinaries, db: DatabaseAccess, log: (line: string) => void): void {
  for (const [kind, database] of Object.entries(DATABASES) as [keyof typeof DATABASES, string][]) {
    const schemaDir = join(
      binaries.moduleDir,
      'schema',
      'postgresql',
      'v12',
      kind === 'main' ? 'temporal' : 'visibility',
    );
    const created = join(CLUSTER_DIR, `schema-${database}.created`);
    if (!existsSync(created)) {
      sqlTool(binaries, db, database, ['create-database']);
      sqlTool(binaries, db, database, ['setup-schema', '-v', '0.0']);
      writeFileSync(created, '');
      log(`database ${database} created`);
    }
    sqlTool(binaries, db, database, ['update-schema', '--schema-dir', join(schemaDir, 'versioned')]);
  }
}

/** The password goes in SQL_PASSWORD, never on a command line others can read in /proc. */
export function sqlToolArgs(db: DatabaseAccess, database: string, command: string[]): string[] {
  return [
    '--plugin',
    'postgres12',
    '--endpoint',
    HOST,
    '--port',
    String(db.port),
    '--user',
    db.user,
    '--database',
    database,
    ...command,
  ];
}

function sqlTool(binaries: TemporalBinaries, db: DatabaseAccess, database: string, command: string[]): void {
  try {
    execFileSync(binaries.sqlTool, sqlToolArgs(db, database, command), {
      env: { ...process.env, SQL_PASSWORD: db.password },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    const output = (err as { stderr?: Buffer; stdout?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`temporal-sql-tool ${command[0] ?? ''} on ${database} failed: ${output.trim().slice(-800)}`);
  }
}
