import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../scripts/tools';

/** Built entry points (`npm test` builds before jest). */
export const BUILT = {
  cli: join(PROJECT_ROOT, 'lib', 'client', 'cli.js'),
  worker: join(PROJECT_ROOT, 'lib', 'worker', 'main.js'),
};

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a built entry point as its own process with only PATH and `env` — asynchronously, because the worker it
 * talks to usually runs in the test's own process. `until` ends it (SIGTERM) once its stderr shows that text;
 * `onStdout` sees the output as it grows (to act only once the program has printed something).
 */
export function runBuilt(
  script: string,
  args: string[],
  env: Record<string, string | undefined>,
  options: { input?: string; until?: RegExp; onStdout?: (stdoutSoFar: string) => void } = {},
): Promise<RunResult> {
  const child = spawn(process.execPath, [script, ...args], { env: { PATH: process.env.PATH, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    options.onStdout?.(stdout);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (options.until?.test(stderr)) child.kill('SIGTERM');
  });
  child.stdin.end(options.input ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
