import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from 'box-sign-emulator';
import { ENCRYPTION_ENV } from '../../encryption/key-config';
import { formatKeyRing, generateKeyRing } from '../../encryption/key-ring';
import { generateSealingSetup } from '../../encryption/sealing-keys';
import { OwnedProcess } from '../../scripts/owned-process';
import { freePort, waitFor } from '../../scripts/processes';
import { PROJECT_ROOT } from '../../scripts/tools';
import { NO_WORKFLOWS_WARNING, levelOf } from '../../worker/runtime-logging';
import { BUILT, runBuilt } from '../support/run-built';

const RECEIVER = join(PROJECT_ROOT, 'lib', 'webhooks', 'main.js');
const SECRET = 'emulator-client-secret';
const WRONG_SECRET = 'not-the-secret-4711';

describe('the worker and the webhook receiver at start-up (built processes, emulator over HTTP)', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  afterAll(() => emulator.stop());

  const keyRing = generateKeyRing(`startup-${randomUUID().slice(0, 8)}`);
  const sealing = generateSealingSetup(`startup-${randomUUID().slice(0, 8)}`);
  const common = () => ({
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
    BOX_SIGN_TASK_QUEUE: `startup-${randomUUID()}`,
    [ENCRYPTION_ENV.keys]: formatKeyRing(keyRing),
    [ENCRYPTION_ENV.activeKeyId]: keyRing.activeKeyId,
    ...sealing.env,
    WORKER_SHUTDOWN_GRACE_MS: '1000',
    LOG_LEVEL: 'info',
  });
  const clientCredentials = (secret: string, baseUrl = `${emulator.url}/2.0`) => ({
    BOX_API_BASE_URL: baseUrl,
    BOX_CLIENT_ID: 'emulator-client-id',
    BOX_CLIENT_SECRET: secret,
    BOX_SUBJECT_TYPE: 'enterprise',
    BOX_SUBJECT_ID: '12345',
  });
  const lines = (text: string) => text.split('\n').filter((line) => line !== '');

  describe('credentials Box rejects: exit 2 with one line naming the setting, never the secret', () => {
    it('the worker, client credentials (400 invalid_grant)', async () => {
      const run = await runBuilt(BUILT.worker, [], { ...common(), ...clientCredentials(WRONG_SECRET) });
      expect(run.code).toBe(2);
      expect(lines(run.stderr)).toEqual([
        'box-sign worker: Box rejected the credentials in BOX_CLIENT_ID/BOX_CLIENT_SECRET (invalid_grant); ' +
          'check them, and BOX_SUBJECT_TYPE/BOX_SUBJECT_ID',
      ]);
      expect(run.stderr + run.stdout).not.toContain(WRONG_SECRET);
    });

    it('the worker, a developer token (401)', async () => {
      const run = await runBuilt(BUILT.worker, [], {
        ...common(),
        BOX_API_BASE_URL: `${emulator.url}/2.0`,
        BOX_DEVELOPER_TOKEN: 'expired-developer-token',
      });
      expect(run.code).toBe(2);
      expect(lines(run.stderr)).toEqual([
        'box-sign worker: Box rejected the credentials in BOX_DEVELOPER_TOKEN (401 unauthorized); ' +
          'check it (a developer token lasts 60 minutes)',
      ]);
      expect(run.stderr).not.toContain('expired-developer-token');
    });

    it('not the webhook receiver: it holds no Box credentials and never calls Box, so it starts', async () => {
      const port = await freePort();
      const run = await runBuilt(
        RECEIVER,
        [],
        {
          ...common(),
          ...clientCredentials(WRONG_SECRET),
          WEBHOOK_RECEIVER_PORT: String(port),
          BOX_WEBHOOK_PRIMARY_KEY: 'a-primary-signature-key-of-some-length',
        },
        { until: /webhook receiver: listening/ },
      );
      expect(run.stderr).toContain(`http://127.0.0.1:${port}/webhooks/box`);
      expect(run.stderr).not.toContain('Box rejected');
      expect(run.stderr).not.toContain(WRONG_SECRET);
    });
  });

  it('Box unreachable: the worker starts anyway, warns and says it is not ready', async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}/2.0`;
    const run = await runBuilt(
      BUILT.worker,
      [],
      { ...common(), ...clientCredentials(SECRET, nowhere) },
      { until: /Worker started/ },
    );
    const messages = lines(run.stderr).map((line) => (JSON.parse(line) as { level: string; message: string }).message);
    expect(messages).toEqual(expect.arrayContaining(['not ready: Box unreachable', 'Worker started']));
    expect(messages.indexOf('not ready: Box unreachable')).toBeLessThan(messages.indexOf('Worker started'));
    expect(messages.find((m) => m.startsWith('Box unreachable at start-up'))).toContain('ECONNREFUSED');
    expect(run.stderr).not.toContain(SECRET);
  }, 60_000);

  it('Box unreachable, with METRICS_PORT: alive on /healthz, /readyz 503 saying why, /metrics served', async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}/2.0`;
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'box-sign-worker-startup-'));
    const worker = new OwnedProcess(process.execPath, [BUILT.worker], {
      env: { ...process.env, ...common(), ...clientCredentials(SECRET, nowhere), METRICS_PORT: String(port) },
      logFile: join(dir, 'worker.log'),
    });
    try {
      const origin = `http://127.0.0.1:${port}`;
      const readyz = async () => {
        const response = await fetch(`${origin}/readyz`);
        return { status: response.status, body: await response.json() };
      };
      await waitFor(
        'the worker to start',
        () => Promise.resolve(readFileSync(join(dir, 'worker.log'), 'utf8').includes('Worker started')),
        30_000,
      );
      expect(await readyz()).toEqual({
        status: 503,
        body: { status: 'not ready', detail: 'Box unreachable at start-up' },
      });
      const live = await fetch(`${origin}/healthz`);
      expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }]);
      expect(await (await fetch(`${origin}/metrics`)).text()).toMatch(/^temporal_/m);
    } finally {
      await worker.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('good credentials: short first lines — the bundle in one line, no webpack dump, no writes-queue warning', async () => {
    const run = await runBuilt(
      BUILT.worker,
      [],
      { ...common(), ...clientCredentials(SECRET) },
      { until: /Worker started/ },
    );
    const entries = lines(run.stderr).map((line) => ({ line, ...(JSON.parse(line) as { message: string }) }));
    const started = entries.findIndex((e) => e.message === 'Worker started');
    expect(started).toBeGreaterThan(0);
    expect(entries[0]?.message).toBe('Box accepted the credentials');
    // The bundle `npm run build` made (worker/prebuilt-bundle.ts): loaded, not bundled again at start.
    expect(entries.filter((e) => e.message.startsWith('workflow bundle'))).toHaveLength(1);
    expect(entries.find((e) => e.message.startsWith('workflow bundle'))?.message).toMatch(
      /^workflow bundle loaded from .*\/lib\/workflow-bundle\.js, \d+ KiB$/,
    );
    for (const entry of entries.slice(0, started + 1)) expect(entry.line.length).toBeLessThan(400);
    expect(run.stderr).not.toContain('No workflows registered');
    expect(run.stderr).not.toContain('webpack');
  }, 60_000);

  it('only the writes and callbacks queues’ "no workflows" warning is lowered to debug', () => {
    const warning = { level: 'WARN' as const, message: NO_WORKFLOWS_WARNING };
    expect(levelOf({ ...warning, meta: { taskQueue: 'box-sign-box-writes' } })).toBe('debug');
    expect(levelOf({ ...warning, meta: { taskQueue: 'box-sign-callbacks' } })).toBe('debug');
    expect(levelOf({ ...warning, meta: { taskQueue: 'box-sign' } })).toBe('warn');
    expect(levelOf({ level: 'WARN', message: 'something else', meta: { taskQueue: 'box-sign-box-writes' } })).toBe(
      'warn',
    );
  });
});
