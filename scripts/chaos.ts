import { Client, Connection } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSignRequest } from '../client';
import { boxWritesTaskQueue } from '../contracts';
import { temporal } from '@temporalio/proto';
import { createDataConverter } from '../config/data-converter';
import type { SignRequestResult } from '../contracts';
import { EmulatorControl, startEmulator, type FaultSpec, type RunningEmulator } from 'box-sign-emulator';
import { ENCRYPTION_ENV } from '../encryption/key-config';
import { formatKeyRing, generateKeyRing } from '../encryption/key-ring';
import { generateSealingSetup } from '../encryption/sealing-keys';
import type { PlannedRequest } from './chaos-plan';
import { ChaosSigners, planRequests } from './chaos-plan';
import { positiveNumberFlags } from '../cli/command-line';
import { applySenderQuotas } from '../quotas/sender-quotas';
import { DEFAULT_SENDER_RATE_LIMITS } from '../quotas/sender-rate-limits';
import type { WorkflowEnding } from './chaos-report';
import { faultsLine, figuresLine, judge } from './chaos-report';
import type { DevServer } from './dev-server';
import { startDevServer } from './dev-server';
import type { Recovery } from './activity-recovery';
import { inFlightActivities, recoveries, recoveryFigure } from './activity-recovery';
import { sleep } from './processes';
import { PROJECT_ROOT } from './tools';
import { chaosRecoveryResult, writeChaosRecovery } from '../bench/chaos-recovery';
import { WorkerProcess } from './worker-process';
import { clusterChaos } from './cluster-chaos/run';

/**
 * `npm run chaos`: N sign requests (default 200) through Box faults (≈20% 5xx, 429 bursts, 15% lost create
 * responses, latency, hung calls, Box's rate limits enforced), two worker SIGKILLs and a Temporal dev server
 * restart; then checks Box's state and Temporal's and prints one line of figures. Exits 1 on any loss or
 * duplicate. Everything is on loopback in a temp dir, and everything it starts is stopped before it exits.
 */

/** `--cluster`: the cluster's chaos instead (scripts/cluster-chaos/run.ts), 100 requests unless told. */
const ON_CLUSTER = process.argv.slice(2).includes('--cluster');
const { requests: REQUESTS, timeoutS: TIMEOUT_S } = positiveNumberFlags(
  'chaos',
  process.argv.slice(2).filter((arg) => arg !== '--cluster'),
  process.env,
  {
    requests: { flag: '--requests', env: 'CHAOS_REQUESTS', fallback: ON_CLUSTER ? 100 : 200 },
    timeoutS: { flag: '--timeout-s', env: 'CHAOS_TIMEOUT_S', fallback: 1_200 },
  },
).numbers;

/** Box faults for the whole run; a call gets at most one, the first whose dice hit. */
const STANDING_FAULTS: FaultSpec[] = [
  { kind: 'drop_after_commit', method: 'POST', path: '/2.0/sign_requests', percent: 15 },
  { status: 500, percent: 7 },
  { status: 502, percent: 7 },
  { status: 503, percent: 6 },
  { kind: 'latency', delay_ms: 300, percent: 10 },
  { kind: 'timeout', percent: 1 },
];
/** A 429 burst: for one second every fifteen, every Box call is refused with retry-after: 2. */
const BURST_429: FaultSpec = { status: 429, retry_after_seconds: 2, percent: 100 };
const BURST_EVERY_MS = 15_000;
const BURST_LENGTH_MS = 1_000;
/** Before each kill, every Box call hangs for this long, so that the crash finds creates and polls in flight. */
const HANG_BEFORE_KILL_MS = 1_500;
/** How long to watch a crashed worker's activities for being taken over before counting one as not recovered. */
const RECOVERY_WAIT_S = 120;
/** Hung calls end at the worker's own timeout. */
const WORKER_ENV = { BOX_HTTP_TIMEOUT_MS: '2000' };

/** What the run started; each part is stopped at the end whatever happened. */
interface Chaos {
  dir: string;
  emulator?: RunningEmulator;
  server?: DevServer;
  worker?: WorkerProcess;
  connection?: Connection;
}

async function main(): Promise<number> {
  const started = Date.now();
  const deadline = started + TIMEOUT_S * 1000;
  const runId = randomBytes(3).toString('hex');
  const chaos: Chaos = { dir: mkdtempSync(join(tmpdir(), 'box-sign-chaos-')) };
  const say = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${line}`);
  const stopOnSignal = () => void cleanUp(chaos, false).finally(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  let passed = false;
  try {
    const keyRing = generateKeyRing(`chaos-${runId}`);
    const sealing = generateSealingSetup(`chaos-${runId}`);
    const taskQueue = `chaos-${runId}`;
    const emulator = await startEmulator({
      port: 0,
      conversionDelayMs: 200,
      finalizingDelayMs: 200,
      rateLimits: { enabled: true },
    });
    chaos.emulator = emulator;
    const control = new EmulatorControl(emulator.url);
    const server = await startDevServer(chaos.dir);
    chaos.server = server;
    const worker = new WorkerProcess({
      temporalAddress: server.address,
      taskQueue,
      emulatorUrl: emulator.url,
      encryptionEnv: {
        [ENCRYPTION_ENV.keys]: formatKeyRing(keyRing),
        [ENCRYPTION_ENV.activeKeyId]: keyRing.activeKeyId,
        ...sealing.env,
      },
      extraEnv: WORKER_ENV,
      logDir: chaos.dir,
    });
    chaos.worker = worker;
    const connect = async () => {
      await chaos.connection?.close();
      chaos.connection = await Connection.connect({ address: server.address });
      const dataConverter = createDataConverter({ mode: 'encrypted', keyRing });
      return new Client({ connection: chaos.connection, dataConverter });
    };
    let client = await connect();
    // As in production (`box-sign quotas apply`): Temporal holds the sender's creates to 90 a minute, so the creates
    // the run starts at once queue behind each other on the writes queue, and a crash finds a backlog there.
    await applySenderQuotas(
      client.workflowService,
      { namespace: 'default', taskQueue },
      DEFAULT_SENDER_RATE_LIMITS,
      'chaos',
    );
    await worker.start();
    say(
      `Temporal ${server.address}, emulator ${emulator.url} (Box's rate limits on; Temporal's per-sender limits ` +
        `${DEFAULT_SENDER_RATE_LIMITS.writesPerMinute} writes and ${DEFAULT_SENDER_RATE_LIMITS.readsPerMinute} reads a minute), logs in ${chaos.dir}`,
    );

    for (const fault of STANDING_FAULTS) await control.addFault(fault);
    const plans = planRequests(REQUESTS, runId);
    for (let i = 0; i < plans.length; i += 20) {
      await Promise.all(
        plans
          .slice(i, i + 20)
          .map((plan) => startSignRequest(client, plan.input, { taskQueue, sealing: sealing.sealing })),
      );
    }
    say(`started ${plans.length} workflows; faults on`);

    const background = runBackground(control, plans, say, deadline);
    const created = async () => new Set((await control.requests()).map((r) => r.sign_request.external_id)).size;
    const reached = async (share: number) => {
      while (Date.now() < deadline && (await created()) < Math.ceil(plans.length * share)) await sleep(500);
    };

    const workflowIds = plans.map((plan) => plan.workflowId);
    const crashes: Crash[] = [];
    await reached(0.15);
    crashes.push(await crashWorker(control, worker, say, 1, client, workflowIds, taskQueue));
    await reached(0.45);
    say(`stopping the Temporal dev server (${await created()} Box requests so far)`);
    await server.stop();
    await sleep(2_000);
    await server.start();
    client = await connect();
    say('Temporal dev server is back, same SQLite file');
    await reached(0.75);
    crashes.push(await crashWorker(control, worker, say, 2, client, workflowIds, taskQueue));
    const recovered = crashes.flatMap((crash) => crash.recoveries);

    while (Date.now() < deadline && (await runningCount(client, taskQueue)) > 0) await sleep(2_000);
    background.stop();
    await background.done;

    const endings = await endingsOf(client, plans);
    const calls = await control.calls();
    const stats = await control.stats();
    const figures = judge(plans, endings, await control.requests(), stats, (Date.now() - started) / 1000);
    for (const problem of figures.problems.slice(0, 20)) say(`PROBLEM ${problem}`);
    console.log(`${faultsLine(stats, calls)} worker_kills=2 server_restarts=1`);
    console.log(`${figuresLine(figures)} ${recoveryFigure(recovered, RECOVERY_WAIT_S)}`);
    const file = writeChaosRecovery(
      join(PROJECT_ROOT, 'bench', 'results'),
      chaosRecoveryResult(new Date(started), REQUESTS, crashes),
    );
    say(`recovery figures written to ${file} (npm run bench prints the latest)`);
    passed = figures.completed === figures.requests && figures.duplicates === 0 && figures.lost === 0;
    return passed ? 0 : 1;
  } finally {
    await cleanUp(chaos, passed);
  }
}

/**
 * SIGKILL while Box calls hang (so that activities are in flight), and a new worker a second later. Returns how
 * long each activity the dead worker had in flight took to run again on the new one (heartbeat timeout, then the
 * retry).
 */
async function crashWorker(
  control: EmulatorControl,
  worker: WorkerProcess,
  say: (line: string) => void,
  n: number,
  client: Client,
  workflowIds: string[],
  taskQueue: string,
): Promise<Crash> {
  const hang = await control.addFault({ kind: 'timeout', percent: 100 });
  await sleep(HANG_BEFORE_KILL_MS);
  say(
    `SIGKILL worker (crash ${n}, pid ${worker.pid ?? '?'}), Box calls hanging for the last ${HANG_BEFORE_KILL_MS} ms`,
  );
  const backlog = await writesBacklog(client, taskQueue);
  await worker.kill();
  const killedAt = Date.now();
  await control.removeFault(hang.id);
  const inFlight = await inFlightActivities(client, workflowIds, killedAt);
  await sleep(Math.max(0, killedAt + 1_000 - Date.now()));
  await worker.start();
  say(`new worker polling (pid ${worker.pid ?? '?'}) ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`);
  const result = await recoveries(client, inFlight, killedAt, RECOVERY_WAIT_S * 1000);
  const byType = (type: string) => inFlight.filter((a) => a.activityType === type).length;
  say(
    `crash ${n}: ${inFlight.length} activities in flight (${byType('createSignRequest')} creates, ` +
      `${byType('awaitStatusChange')} polls), ${backlog} creates queued on the writes queue; ` +
      recoveryFigure(result, RECOVERY_WAIT_S),
  );
  return { recoveries: result, writesBacklog: backlog };
}

/** What one kill left in flight, how long each took to run again, and the creates queued at the kill. */
interface Crash {
  recoveries: Recovery[];
  writesBacklog: string;
}

/** Tasks waiting on the writes queue (creates and resends), as the server estimates them; '?' if it cannot say. */
async function writesBacklog(client: Client, taskQueue: string): Promise<string> {
  try {
    const described = await client.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: boxWritesTaskQueue(taskQueue) },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
      reportStats: true,
    });
    return String(described.stats?.approximateBacklogCount ?? '?');
  } catch {
    return '?';
  }
}

/** Signers acting on Box, 429 bursts and a progress line, until stopped. */
function runBackground(
  control: EmulatorControl,
  plans: PlannedRequest[],
  say: (line: string) => void,
  deadline: number,
) {
  let stopped = false;
  const signers = new ChaosSigners(control, plans);
  const done = (async () => {
    let nextBurst = Date.now() + BURST_EVERY_MS;
    let nextReport = Date.now() + 15_000;
    while (!stopped && Date.now() < deadline) {
      const requests = await control.requests().catch(() => []);
      signers.round(requests);
      if (Date.now() >= nextBurst) {
        void burst429(control);
        nextBurst += BURST_EVERY_MS;
      }
      if (Date.now() >= nextReport) {
        const finished = requests.filter((r) => ['signed', 'declined'].includes(r.sign_request.status)).length;
        const stats = await control.stats().catch(() => undefined);
        say(`Box: ${requests.length} requests, ${finished} finished; ${stats?.calls ?? '?'} Box calls`);
        nextReport += 15_000;
      }
      await sleep(300);
    }
  })();
  return {
    done,
    stop: () => {
      stopped = true;
    },
  };
}

async function burst429(control: EmulatorControl): Promise<void> {
  const fault = await control.addFault(BURST_429).catch(() => undefined);
  if (fault === undefined) return;
  await sleep(BURST_LENGTH_MS);
  await control.removeFault(fault.id).catch(() => undefined);
}

async function runningCount(client: Client, taskQueue: string): Promise<number> {
  try {
    return (await client.workflow.count(`TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`)).count;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

async function endingsOf(client: Client, plans: PlannedRequest[]): Promise<Map<string, WorkflowEnding>> {
  const endings = new Map<string, WorkflowEnding>();
  for (let i = 0; i < plans.length; i += 20) {
    await Promise.all(
      plans.slice(i, i + 20).map(async ({ workflowId }) => {
        const handle = client.workflow.getHandle(workflowId);
        const status = (await handle.describe()).status.name;
        if (status !== 'COMPLETED') return endings.set(workflowId, { status });
        const result = (await handle.result()) as SignRequestResult;
        return endings.set(workflowId, {
          status,
          outcome: result.outcome,
          signRequestId: result.signRequestId ?? undefined,
        });
      }),
    );
  }
  return endings;
}

async function cleanUp(chaos: Chaos, removeDir: boolean): Promise<void> {
  await chaos.worker?.stop().catch(() => undefined);
  await chaos.connection?.close().catch(() => undefined);
  await chaos.server?.stop().catch(() => undefined);
  await chaos.emulator?.stop().catch(() => undefined);
  if (removeDir) rmSync(chaos.dir, { recursive: true, force: true });
  else console.log(`logs kept in ${chaos.dir}`);
}

(ON_CLUSTER ? clusterChaos(REQUESTS, TIMEOUT_S) : main()).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`chaos run failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  },
);
