import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientScopedWorkflowId } from '../../contracts';
import type { ApiRig } from '../support/api-rig';
import { startApiRig } from '../support/api-rig';
import type { Harness } from '../support/harness';
import { startHarness, uniqueKey } from '../support/harness';
import { boxRequestFor } from '../support/signers';

/** The output of a process a suite ran: its exit code and what it printed. */
export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end (no shell), keeping what it prints; `timeoutMs` kills it (a hang guard). */
export function runProgram(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The JSON lines a caller program printed (one per step). */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * What a generated client talks to: the API (client `client-a`, binding its starts as the worker checks) over the
 * harness's worker and Box emulator, and /openapi.json as the running API serves it, in a temporary folder.
 */
export interface SigningRig {
  h: Harness;
  api: ApiRig;
  /** A folder of the suite's own, holding openapi.json. */
  dir: string;
  specPath: string;
  /** The environment a caller program reads: API_URL, API_KEY, BUSINESS_KEY (a fresh key per call). */
  callerEnv(): { env: NodeJS.ProcessEnv; businessKey: string };
  /** Signs the request of `businessKey` as its one signer on Box (the emulator's control API), once Box has it. */
  sign(businessKey: string, email: string, password: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startSigningRig(label: string): Promise<SigningRig> {
  const h = await startHarness();
  const api = await startApiRig(h);
  const dir = mkdtempSync(join(tmpdir(), `${label}-`));
  const specPath = join(dir, 'openapi.json');
  const spec = await fetch(`${api.url}/openapi.json`);
  writeFileSync(specPath, await spec.text());
  return {
    h,
    api,
    dir,
    specPath,
    callerEnv() {
      const businessKey = uniqueKey(label);
      return { env: { ...process.env, API_URL: api.url, API_KEY: api.keys.a, BUSINESS_KEY: businessKey }, businessKey };
    },
    async sign(businessKey, email, password) {
      const id = await boxRequestFor(h.control, clientScopedWorkflowId('client-a', businessKey), 60_000);
      await h.control.signer(id, email, 'verify', { password });
      await h.control.signer(id, email, 'sign');
    },
    async stop() {
      await api.stop();
      await h.teardown();
    },
  };
}
