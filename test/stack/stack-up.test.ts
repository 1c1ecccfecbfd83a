import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_ENV } from '../../api/config';
import { Connection } from '@temporalio/client';
import { DEFAULT_TASK_QUEUE, boxWritesTaskQueue } from '../../contracts';
import { perMinute, readSenderQuotas } from '../../quotas/sender-quotas';
import { devServerDynamicConfigArgs } from '../../scripts/temporal-dynamic-config';
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
describe('stack:up (node lib/scripts/stack.js up): an owner-only folder, a loopback-only Web UI, a dead or stuck worker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'box-sign-stack-'));
  const stateFile = join(dir, 'stack.json');
  let env: Record<string, string | undefined>;
  let temporalAddress: string;
  let uiPort: number;
  let upOutput = '';
  const workerPid = () => (JSON.parse(readFileSync(stateFile, 'utf8')) as { worker?: { pid: number } }).worker?.pid;

  beforeAll(async () => {
    const temporalPort = await freePort();
    temporalAddress = `127.0.0.1:${temporalPort}`;
    uiPort = await freePort();
    // What a stack from before the owner-only rule left behind: a world-readable folder and log.
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'worker.log'), 'an old line\n', { mode: 0o644 });
    env = {
      HOME: process.env.HOME,
      STACK_DIR: dir,
      TEMPORAL_PORT: String(temporalPort),
      TEMPORAL_UI_PORT: String(uiPort),
      EMULATOR_PORT: String(await freePort()),
      [CODEC_SERVER_ENV.port]: String(await freePort()),
      [WEBHOOK_RECEIVER_ENV.port]: String(await freePort()),
      [API_ENV.port]: String(await freePort()),
      METRICS_PORT: String(await freePort()),
    };
    const up = await runBuilt(STACK, ['up'], env);
    if (up.code !== 0) throw new Error(`stack up failed: ${up.stderr}`);
    upOutput = up.stdout;
  }, 180_000);

  afterAll(async () => {
    await runBuilt(STACK, ['down'], env);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('keeps its folder owner-only: 0700, and every file in it (temporal.db, logs, keys) without group or other access', () => {
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dir);
    expect(files).toEqual(expect.arrayContaining(['temporal.db', 'temporal.log', 'worker.log', 'codec-token']));
    const open = files.filter((name) => (statSync(join(dir, name)).mode & 0o077) !== 0);
    expect(open).toEqual([]);
  });

  it('holds per-sender quotas: a dev server with the fairness dynamic config, 90 and 900 a minute per sender', async () => {
    const temporalPid = (JSON.parse(readFileSync(stateFile, 'utf8')) as { temporal: { pid: number } }).temporal.pid;
    const commandLine = readFileSync(`/proc/${temporalPid}/cmdline`, 'utf8').split('\0');
    expect(commandLine).toEqual(expect.arrayContaining(devServerDynamicConfigArgs()));
    const connection = await Connection.connect({ address: temporalAddress });
    try {
      const quotas = await readSenderQuotas(connection.workflowService, {
        namespace: 'default',
        taskQueue: DEFAULT_TASK_QUEUE,
      });
      expect(quotas.map((q) => [q.taskQueue, perMinute(q.perSenderPerSecond ?? 0), q.queueWidePerSecond])).toEqual([
        [boxWritesTaskQueue(DEFAULT_TASK_QUEUE), 90, null],
        [DEFAULT_TASK_QUEUE, 900, null],
      ]);
    } finally {
      await connection.close();
    }
    expect(upOutput).toContain(`per-sender quotas 90/min on ${boxWritesTaskQueue(DEFAULT_TASK_QUEUE)}`);
    expect(readFileSync(join(dir, 'worker.log'), 'utf8')).not.toContain('per-sender rate limit');
  });

  it('serves the Web UI, which hands out the codec token, on loopback only', async () => {
    expect(listeningAddresses(uiPort)).toEqual(['127.0.0.1']);
    const settings = (await (await fetch(`http://127.0.0.1:${uiPort}/api/v1/settings`)).json()) as {
      Codec: { Endpoint: string };
    };
    const token = readFileSync(join(dir, 'codec-token'), 'utf8').trim();
    expect(settings.Codec.Endpoint).toContain(token);
  });

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

/** The local addresses with a TCP socket listening on `port` (Linux: /proc/net/tcp and tcp6), IPv4 dotted. */
function listeningAddresses(port: number): string[] {
  const LISTEN = '0A';
  const addresses: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
      const [local, , state] = line.trim().split(/\s+/).slice(1, 4);
      const [hex, portHex] = (local ?? '').split(':');
      if (state !== LISTEN || Number.parseInt(portHex ?? '', 16) !== port || hex === undefined) continue;
      addresses.push(hex.length === 8 ? ipv4(hex) : `[${hex}]`);
    }
  }
  return addresses;
}

/** /proc/net/tcp writes an IPv4 address as one little-endian hex word. */
function ipv4(hex: string): string {
  return [6, 4, 2, 0].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)).join('.');
}
