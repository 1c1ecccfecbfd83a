import { Client, Connection } from '@temporalio/client';
import type { StartBindingKeys } from '../encryption/start-binding';
import { startBindingKeysFor } from '../encryption/start-binding';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { CALLBACK_ALLOW_HOSTS_VARIABLE } from '../callbacks/url-policy';
import { sha256Hex } from '../config/api-clients';
import { createDataConverter } from '../config/data-converter';
import { createBoxSignClient } from '../box/sign-client';
import { emulatorBoxConfig, emulatorBoxEnv } from '../scripts/emulator/box-config';
import { EMULATOR_MAIN, EmulatorControl } from 'box-sign-emulator';
import { registerLocalReceiver } from '../scripts/emulator/local-receiver';
import { ENCRYPTION_ENV } from '../encryption/key-config';
import type { SecretSealing } from '../encryption/sealing-keys';
import { generateSealingSetup } from '../encryption/sealing-keys';
import type { KeyRing } from '../encryption/key-ring';
import { formatKeyRing, generateKeyRing } from '../encryption/key-ring';
import type { DevServer } from '../scripts/dev-server';
import { startDevServer } from '../scripts/dev-server';
import { OwnedProcess } from '../scripts/owned-process';
import { freePort, waitFor } from '../scripts/processes';
import { PROJECT_ROOT } from '../scripts/tools';
import { applySenderQuotas } from '../quotas/sender-quotas';
import type { SenderRateLimits } from '../quotas/sender-rate-limits';
import { WorkerProcess } from '../scripts/worker-process';
import { WORKER_SETTINGS } from '../config/settings/worker';
import { WORKER_GLIBC_TUNABLES } from '../worker/glibc-tunables';
import { DEFAULT_SUBSCRIBED_TRIGGERS } from '../webhooks/triggers';
import type { BenchCallbackReceiver } from './callback-receiver';
import { startBenchCallbackReceiver } from './callback-receiver';
import type { SenderQuota } from './sender-quotas';

/**
 * The bench's own local stack, on free ports in a temp dir, nothing shared with `stack:up` or the tests: a Temporal
 * dev server, the emulator, the webhook receiver and the baseline worker as processes (the sign-request worker is
 * started per mode, so each mode's memory is its own), and in this process the business system's callback
 * endpoint. Stopped whatever happens.
 */
export interface BenchStack {
  dir: string;
  temporalAddress: string;
  /** The emulator (Box's API at /2.0, its upload host at /api/2.0). */
  emulatorUrl: string;
  client: Client;
  /** The workers' public key, as the starters hold it. */
  sealing: SecretSealing;
  control: EmulatorControl;
  /** Where requests that carry a completion callback send it, and as which API client (whose secret signs it). */
  callbacks: BenchCallbacks;
  /**
   * A clean emulator for the next run: with `webhooks`, it delivers the request-ending triggers (what the register
   * CLI subscribes to by default) to the stack's receiver, signed with its keys; without, none.
   */
  resetEmulator(webhooks: boolean): Promise<void>;
  /**
   * Box's per-user quotas, enforced by the emulator for every user until the next reset: `createResendPerMinute`
   * creates + resends and `getPerMinute` gets a minute each (429 with retry-after beyond).
   */
  enforceQuotas(quota: SenderQuota): Promise<void>;
  /** Makes sure the emulator has users with these ids (added when missing): the senders a run names. */
  addSenders(ids: string[]): Promise<void>;
  /** A sign-request worker on its own task queue (see BenchWorkerOptions). */
  startWorker(taskQueue: string, options?: BenchWorkerOptions): Promise<WorkerProcess>;
  /** The baseline's worker, with the same workflow cache size as the sign-request worker it is compared with. */
  startBaselineWorker(
    taskQueue: string,
    options: Pick<BenchWorkerOptions, 'maxCachedWorkflows' | 'nodeOptions'>,
  ): Promise<OwnedProcess>;
  stop(): Promise<void>;
}

export interface BenchWorkerOptions {
  /** The Box user ids requests may name as their sender (BOX_SIGN_ALLOWED_SENDERS); default none. */
  senders?: string[];
  /**
   * Per-sender rate limits Temporal holds on the queue's writes and reads (per fairness key, as `box-sign quotas
   * apply` sets them); default none: Temporal dispatches without a limit.
   */
  senderLimits?: SenderRateLimits;
  /** WORKER_MAX_CACHED_WORKFLOWS; default the worker's own default (config/settings/worker.ts). */
  maxCachedWorkflows?: number;
  /** NODE_OPTIONS for the worker process (`--cpu-prof …`, `--inspect=127.0.0.1:<port>`); default none. */
  nodeOptions?: string;
}

/**
 * The worker variables that BenchWorkerOptions sets, shared by the sign-request and the baseline worker; and glibc's
 * malloc settings of the image (worker/glibc-tunables.ts), so that both run as a deployed worker does.
 */
function processEnv(options: Pick<BenchWorkerOptions, 'maxCachedWorkflows' | 'nodeOptions'>): Record<string, string> {
  return {
    GLIBC_TUNABLES: WORKER_GLIBC_TUNABLES,
    ...(options.maxCachedWorkflows === undefined
      ? {}
      : { WORKER_MAX_CACHED_WORKFLOWS: String(options.maxCachedWorkflows) }),
    ...(options.nodeOptions === undefined ? {} : { NODE_OPTIONS: options.nodeOptions }),
  };
}

export interface BenchCallbacks {
  receiver: BenchCallbackReceiver;
  /** The API client the requests are started as (their ApiClient search attribute). */
  apiClient: string;
  /** The receiver is on loopback, which the callback URL policy refuses unless allowed. */
  allowHosts: string[];
  /** The start-binding keys the workers derive from the payload keys: a start in the client's name carries them. */
  startBinding: StartBindingKeys | null;
}

const BENCH_API_CLIENT = 'bench';
const BENCH_IDENTITY = 'box-sign-bench';
const CALLBACK_ALLOW_HOSTS = ['127.0.0.1'];

/**
 * The worker compares its per-sender rates with the limits Temporal holds on its queues and warns when they differ:
 * a run that applies limits (BenchWorkerOptions.senderLimits) gives it the same numbers. The other runs apply none,
 * so Temporal dispatches without a limit (the emulator does not enforce Box's quotas there, and a throttle would
 * make them measure it) and the report shows the busiest minute of Box calls instead; their workers' logs say that
 * no per-sender limit is set.
 */
function senderRateEnv(limits: SenderRateLimits | undefined): Record<string, string> {
  if (limits === undefined) return {};
  return {
    BOX_WRITE_RATE_PER_MINUTE: String(limits.writesPerMinute),
    BOX_READ_RATE_PER_MINUTE: String(limits.readsPerMinute),
  };
}

/** `temporalAddress`: a running Temporal (the local cluster's frontend) instead of a dev server of the bench's own. */
export async function startBenchStack(dir: string, temporalAddress?: string): Promise<BenchStack> {
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const part of started.splice(0).reverse()) await part.stop().catch(() => undefined);
  };
  try {
    const keyRing: KeyRing = generateKeyRing(`bench-${randomBytes(3).toString('hex')}`);
    const sealing = generateSealingSetup(keyRing.activeKeyId);
    const encryptionEnv = {
      [ENCRYPTION_ENV.keys]: formatKeyRing(keyRing),
      [ENCRYPTION_ENV.activeKeyId]: keyRing.activeKeyId,
    };
    const webhookKeys = { primary: randomBytes(24).toString('base64'), secondary: randomBytes(24).toString('base64') };
    let server: { address: string } = { address: temporalAddress ?? '' };
    if (temporalAddress === undefined) {
      const devServer: DevServer = await startDevServer(dir);
      started.push(devServer);
      server = devServer;
    }

    const emulatorPort = await freePort();
    const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
    const emulator = ownedNode(EMULATOR_MAIN, dir, 'emulator', {
      EMULATOR_PORT: String(emulatorPort),
      LOG_LEVEL: 'warn',
    });
    started.push(emulator);
    const control = new EmulatorControl(emulatorUrl);
    const box = createBoxSignClient(emulatorBoxConfig(emulatorUrl, 5_000));
    await waitFor('the emulator', () => control.health(), 30_000);

    const receiverPort = await freePort();
    const receiverUrl = `http://127.0.0.1:${receiverPort}/webhooks/box`;
    const receiver = ownedNode(join('webhooks', 'main.js'), dir, 'receiver', {
      TEMPORAL_ADDRESS: server.address,
      ...emulatorBoxEnv(emulatorUrl),
      WEBHOOK_RECEIVER_PORT: String(receiverPort),
      BOX_WEBHOOK_PRIMARY_KEY: webhookKeys.primary,
      BOX_WEBHOOK_SECONDARY_KEY: webhookKeys.secondary,
      LOG_LEVEL: 'warn',
      ...encryptionEnv,
    });
    started.push(receiver);
    const healthy = async () => (await fetch(`http://127.0.0.1:${receiverPort}/health`)).ok;
    await waitFor('the webhook receiver', healthy, 30_000);

    const callbackReceiver = await startBenchCallbackReceiver();
    started.push(callbackReceiver);
    const callbackEnv = {
      BOX_SIGN_API_KEYS_FILE: writeApiClientsFile(dir, callbackReceiver.secret),
      [CALLBACK_ALLOW_HOSTS_VARIABLE]: CALLBACK_ALLOW_HOSTS.join(','),
    };

    const connection = await Connection.connect({ address: server.address });
    started.push({ stop: () => connection.close() });
    const client = new Client({ connection, dataConverter: createDataConverter({ mode: 'encrypted', keyRing }) });

    return {
      dir,
      temporalAddress: server.address,
      emulatorUrl,
      client,
      sealing: sealing.sealing,
      control,
      callbacks: {
        receiver: callbackReceiver,
        apiClient: BENCH_API_CLIENT,
        allowHosts: CALLBACK_ALLOW_HOSTS,
        startBinding: startBindingKeysFor(undefined, { mode: 'encrypted', keyRing }),
      },
      async resetEmulator(webhooks) {
        await control.reset();
        // The reset forgot the folder webhook: register it again, or the emulator delivers nothing.
        if (webhooks) await registerLocalReceiver(box, '987654321', DEFAULT_SUBSCRIBED_TRIGGERS);
        await control.configureWebhooks(
          webhooks
            ? {
                address: receiverUrl,
                primary_key: webhookKeys.primary,
                secondary_key: webhookKeys.secondary,
                triggers: [...DEFAULT_SUBSCRIBED_TRIGGERS],
              }
            : { address: null },
        );
      },
      async enforceQuotas(quota) {
        await control.setRateLimits({
          enabled: true,
          create_resend_per_minute: quota.createResendPerMinute,
          get_per_minute: quota.getPerMinute,
        });
      },
      async addSenders(ids) {
        const known = new Set((await control.users()).map((user) => user.id));
        for (const id of ids.filter((id) => !known.has(id))) {
          await control.addUser({ id, login: `bench.sender.${id}@emulator.box.test`, name: `Bench sender ${id}` });
        }
      },
      async startWorker(taskQueue, options = {}) {
        if (options.senderLimits) {
          const scope = { namespace: 'default', taskQueue };
          await applySenderQuotas(connection.workflowService, scope, options.senderLimits, BENCH_IDENTITY);
        }
        const senders = options.senders ?? [];
        const worker = new WorkerProcess({
          temporalAddress: server.address,
          taskQueue,
          emulatorUrl,
          encryptionEnv: { ...encryptionEnv, ...sealing.env },
          extraEnv: {
            ...senderRateEnv(options.senderLimits),
            ...callbackEnv,
            ...(senders.length > 0 ? { BOX_SIGN_ALLOWED_SENDERS: senders.join(',') } : {}),
            ...processEnv(options),
          },
          logDir: dir,
        });
        await worker.start();
        started.push({ stop: () => worker.stop() });
        return worker;
      },
      async startBaselineWorker(taskQueue, options) {
        const worker = ownedNode(join('bench', 'baseline-worker.js'), dir, `baseline-${taskQueue}`, {
          TEMPORAL_ADDRESS: server.address,
          BENCH_TASK_QUEUE: taskQueue,
          WORKER_MAX_CACHED_WORKFLOWS: String(
            options.maxCachedWorkflows ?? WORKER_SETTINGS.WORKER_MAX_CACHED_WORKFLOWS.default,
          ),
          ...processEnv(options),
          ...encryptionEnv,
        });
        started.push(worker);
        await waitFor('the baseline worker', () => polling(server.address, taskQueue), 60_000);
        return worker;
      },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/**
 * The worker's callback secrets (BOX_SIGN_API_KEYS_FILE): one client, the bench. No HTTP API runs here, so its key
 * is never used; the file's format wants its hash all the same.
 */
function writeApiClientsFile(dir: string, callbackSecret: string): string {
  const file = join(dir, 'api-clients.json');
  const clients = [{ name: BENCH_API_CLIENT, keySha256: sha256Hex(randomBytes(32).toString('hex')), callbackSecret }];
  writeFileSync(file, JSON.stringify({ clients }), { mode: 0o600 });
  return file;
}

/** A node process of `script`: a path under lib/, or an absolute one (the emulator package's entry point). */
function ownedNode(script: string, dir: string, name: string, env: Record<string, string>): OwnedProcess {
  const path = isAbsolute(script) ? script : join(PROJECT_ROOT, 'lib', script);
  return new OwnedProcess(process.execPath, [path], {
    env: { PATH: process.env.PATH, ...env },
    logFile: join(dir, `${name}.log`),
  });
}

async function polling(address: string, taskQueue: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1_000 });
  try {
    const response = await connection.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: taskQueue },
      taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
    });
    return (response.pollers?.length ?? 0) > 0;
  } finally {
    await connection.close();
  }
}
