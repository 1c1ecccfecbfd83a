import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_ENV } from '../../api/config';
import { DEFAULT_TASK_QUEUE } from '../../contracts';
import { CODEC_SERVER_ENV } from '../../encryption/codec-server-config';
import { processState } from '../../scripts/process-state';
import { freePort } from '../../scripts/processes';
import { PROJECT_ROOT } from '../../scripts/tools';
import { workerPolls } from '../../scripts/worker-pollers';
import { WEBHOOK_RECEIVER_ENV } from '../../webhooks/config';
import { runBuilt } from '../support/run-built';
import { eventually } from '../support/signers';

const STACK = join(PROJECT_ROOT, 'lib', 'scripts', 'stack.js');
const WORKER_COMMAND = join('lib', 'worker', 'main.js');

/** A whole local stack of its own (dev server, emulator, codec, receiver, worker, API) on free ports in a temp dir. */
describe('stack:up (node lib/scripts/stack.js up) with a dead or stuck worker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'box-sign-stack-'));
  const stateFile = join(dir, 'stack.json');
  let env: Record<string, string | undefined>;
  let temporalAddress: string;
  const workerPid = () => (JSON.parse(readFileSync(stateFile, 'utf8')) as { worker?: { pid: number } }).worker?.pid;

  beforeAll(async () => {
    const temporalPort = await freePort();
    temporalAddress = `127.0.0.1:${temporalPort}`;
    env = {
      HOME: process.env.HOME,
      STACK_DIR: dir,
      TEMPORAL_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(await freePort()),
      EMULATOR_PORT: String(await freePort()),
      [CODEC_SERVER_ENV.port]: String(await freePort()),
      [WEBHOOK_RECEIVER_ENV.port]: String(await freePort()),
      [API_ENV.port]: String(await freePort()),
      METRICS_PORT: String(await freePort()),
    };
    const up = await runBuilt(STACK, ['up'], env);
    if (up.code !== 0) throw new Error(`stack up failed: ${up.stderr}`);
  }, 180_000);

  afterAll(async () => {
    await runBuilt(STACK, ['down'], env);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('a worker killed with SIGKILL: up says so, starts a new one, and it polls', async () => {
    const old = workerPid() ?? -1;
    process.kill(old, 'SIGKILL');
    await eventually(
      () => Promise.resolve(processState(old, WORKER_COMMAND)),
      (state) => state !== 'running',
    );

    const up = await runBuilt(STACK, ['up'], env);
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(new RegExp(`^worker \\(pid ${old}\\) has exited.*: starting it again$`, 'm'));
    expect(up.stdout).not.toContain('worker already running');
    expect(up.stdout).toContain('temporal dev server already running');
    const fresh = workerPid() ?? -1;
    expect(fresh).not.toBe(old);
    expect(processState(fresh, WORKER_COMMAND)).toBe('running');
    expect(await workerPolls(temporalAddress, 'default', DEFAULT_TASK_QUEUE, fresh)).toBe(true);
    const ready = await fetch(`http://127.0.0.1:${env.METRICS_PORT}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
    expect(await (await fetch(`http://127.0.0.1:${env.METRICS_PORT}/metrics`)).text()).toMatch(
      /^temporal_num_pollers\{/m,
    );
  }, 120_000);

  it('a worker alive but not polling: up stops it, says so, and starts one that polls', async () => {
    // What a hung worker looks like from outside: a live process with the worker's command line that never polls.
    const hung = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', WORKER_COMMAND], {
      detached: true,
      stdio: 'ignore',
    });
    hung.unref();
    const hungPid = hung.pid ?? -1;
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, unknown>;
    const replaced = workerPid() ?? -1;
    process.kill(replaced, 'SIGKILL');
    writeFileSync(stateFile, JSON.stringify({ ...state, worker: { pid: hungPid } }));

    const up = await runBuilt(STACK, ['up'], env);
    expect(up.code).toBe(0);
    expect(up.stdout).toContain(
      `worker (pid ${hungPid}) is not polling task queue ${DEFAULT_TASK_QUEUE}: restarting it`,
    );
    expect(processState(hungPid, WORKER_COMMAND)).not.toBe('running');
    const fresh = workerPid() ?? -1;
    expect([hungPid, replaced]).not.toContain(fresh);
    expect(await workerPolls(temporalAddress, 'default', DEFAULT_TASK_QUEUE, fresh)).toBe(true);
  }, 120_000);
});
