import { Client, Connection } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SignRequestResult } from '../../contracts';
import { clientScopedWorkflowId } from '../../contracts';
import { createDataConverter } from '../../config/data-converter';
import { ENCRYPTION_ENV, loadPayloadProtection } from '../../encryption/key-config';
import { EmulatorControl } from 'box-sign-emulator';
import { ChaosSigners, planRequests, type PlannedRequest } from '../chaos-plan';
import type { WorkflowEnding } from '../chaos-report';
import { figuresLine, judge } from '../chaos-report';
import { DemoApi, readApiCredentials } from '../demo-api';
import { sleep } from '../processes';
import { PROJECT_ROOT } from '../tools';
import { clusterUp } from '../cluster/up';
import { startCountingReceiver } from './callbacks';
import type { FaultRecovery } from './faults';
import { killAndRestart, restartPostgres } from './faults';

/**
 * `npm run chaos -- --cluster`: N sign requests (default 100) started through the API balancer, as a business
 * system would (callback URL included), on the local cluster (`cluster:up`, brought up if needed), while the chaos
 * kills -9 the matching service, the history service, one worker and one API process and restarts PostgreSQL
 * without a checkpoint, one after the other as the requests reach Box. Then the same verdict as `npm run chaos`
 * (Box's side and Temporal's), every outcome callback counted, and each recovery's duration. Exits 1 on any loss,
 * duplicate or callback not delivered exactly once.
 */
export async function clusterChaos(requests: number, timeoutS: number): Promise<number> {
  const started = Date.now();
  const deadline = started + timeoutS * 1000;
  const say = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${line}`);
  say('bringing up the cluster (npm run cluster:up)');
  const info = await clusterUp((line) => say(`  ${line}`));
  const credentials = readApiCredentials(info);
  const api = new DemoApi(info.apiUrl, credentials.apiKey);
  const receiver = await startCountingReceiver(credentials.callbackSecret);
  const connection = await Connection.connect({ address: info.temporalAddress });
  const protection = loadPayloadProtection({ [ENCRYPTION_ENV.keysFile]: info.encryptionKeysFile });
  const client = new Client({
    connection,
    namespace: info.namespace,
    dataConverter: createDataConverter(protection),
  });
  const control = new EmulatorControl(info.emulatorUrl);
  try {
    const runId = randomBytes(3).toString('hex');
    const plans = planRequests(requests, runId).map((plan) => ({
      ...plan,
      workflowId: clientScopedWorkflowId('local', plan.input.businessKey),
      input: { ...plan.input, callback: { url: receiver.url } },
    }));
    const workflowIds = plans.map((p) => p.workflowId);
    // The cluster's emulator keeps earlier runs' requests (the demo's too): the verdict is about this run's.
    const before = new Set((await control.requests()).map((r) => r.sign_request.id));
    const starter = startInWaves(api, plans, say);
    const signers = playSigners(control, plans, deadline);
    const created = async () =>
      (await control.requests().catch(() => [])).filter((r) => workflowIds.includes(r.sign_request.external_id ?? ''))
        .length;
    const reached = async (share: number) => {
      while (Date.now() < deadline && (await created()) < Math.ceil(plans.length * share)) await sleep(500);
    };

    const recoveriesSeen: FaultRecovery[] = [];
    const fault = async (share: number, run: () => Promise<FaultRecovery>) => {
      await reached(share);
      const recovery = await run();
      recoveriesSeen.push(recovery);
      say(recoveryLine(recovery));
    };
    await fault(0.1, () => killAndRestart('temporal-matching', client, workflowIds));
    await fault(0.25, () => killAndRestart('temporal-history', client, workflowIds));
    await fault(0.4, () => killAndRestart('worker-1', client, workflowIds, control));
    await fault(0.55, () => killAndRestart('api-1', client, workflowIds));
    await fault(0.7, () => restartPostgres(client));
    const startFailures = await starter;
    say(`all ${plans.length} requests started; ${startFailures} POSTs failed and were retried`);

    while (Date.now() < deadline && (await running(client, workflowIds)) > 0) await sleep(2_000);
    await sleep(3_000); // the last callbacks
    signers.stop();
    const endings = await endingsOf(client, plans);
    const boxRequests = (await control.requests()).filter((r) => !before.has(r.sign_request.id));
    const figures = judge(plans, endings, boxRequests, await control.stats(), (Date.now() - started) / 1000);
    const notOnce = plans.filter((p) => receiver.outcomeEvents(p.workflowId) !== 1);
    for (const problem of figures.problems.slice(0, 20)) say(`PROBLEM ${problem}`);
    for (const plan of notOnce.slice(0, 10)) {
      say(`PROBLEM ${plan.workflowId}: ${receiver.outcomeEvents(plan.workflowId)} outcome callbacks`);
    }
    console.log(
      `callbacks: outcome_once=${plans.length - notOnce.length}/${plans.length} ` +
        `repeated_deliveries=${receiver.repeatedDeliveries()} rejected=${receiver.rejected()}`,
    );
    for (const recovery of recoveriesSeen) console.log(recoveryLine(recovery));
    console.log(`${figuresLine(figures)} cluster=4-services+postgres kills=4 postgres_restarts=1`);
    const file = writeResult(started, figures, recoveriesSeen, startFailures, plans.length - notOnce.length);
    say(`results written to ${file}`);
    const passed =
      figures.completed === figures.requests && figures.duplicates === 0 && figures.lost === 0 && notOnce.length === 0;
    return passed ? 0 : 1;
  } finally {
    await receiver.stop().catch(() => undefined);
    await connection.close().catch(() => undefined);
  }
}

function recoveryLine(r: FaultRecovery): string {
  const next = r.nextCompletionS === null ? 'none within 180 s' : `${r.nextCompletionS.toFixed(1)} s`;
  return `recovery: ${r.fault}: back in ${r.backS.toFixed(1)} s, next completed request ${next}${r.detail ? `; ${r.detail}` : ''}`;
}

/** Ten requests every two seconds through the API balancer; a failed POST is retried (same business key). */
async function startInWaves(api: DemoApi, plans: PlannedRequest[], say: (line: string) => void): Promise<number> {
  let failures = 0;
  for (let i = 0; i < plans.length; i += 10) {
    await Promise.all(
      plans.slice(i, i + 10).map(async (plan) => {
        for (;;) {
          try {
            await api.start(plan.input);
            return;
          } catch (err) {
            failures += 1;
            if (failures <= 5) say(`POST failed, retrying: ${err instanceof Error ? err.message : String(err)}`);
            await sleep(1_000);
          }
        }
      }),
    );
    await sleep(2_000);
  }
  return failures;
}

function playSigners(control: EmulatorControl, plans: PlannedRequest[], deadline: number) {
  const signers = new ChaosSigners(control, plans);
  let stopped = false;
  void (async () => {
    while (!stopped && Date.now() < deadline) {
      signers.round(await control.requests().catch(() => []));
      await sleep(300);
    }
  })();
  return {
    stop: () => {
      stopped = true;
    },
  };
}

async function running(client: Client, workflowIds: string[]): Promise<number> {
  let count = 0;
  for (const id of workflowIds) {
    const status = await client.workflow
      .getHandle(id)
      .describe()
      .then((d) => d.status.name)
      .catch(() => 'UNKNOWN');
    if (status === 'RUNNING' || status === 'UNKNOWN') count += 1;
  }
  return count;
}

async function endingsOf(client: Client, plans: PlannedRequest[]): Promise<Map<string, WorkflowEnding>> {
  const endings = new Map<string, WorkflowEnding>();
  for (const { workflowId } of plans) {
    const handle = client.workflow.getHandle(workflowId);
    const status = (await handle.describe()).status.name;
    if (status !== 'COMPLETED') {
      endings.set(workflowId, { status });
      continue;
    }
    const result = (await handle.result()) as SignRequestResult;
    endings.set(workflowId, { status, outcome: result.outcome, signRequestId: result.signRequestId ?? undefined });
  }
  return endings;
}

function writeResult(
  started: number,
  figures: ReturnType<typeof judge>,
  recoveries: FaultRecovery[],
  startFailures: number,
  callbacksOnce: number,
): string {
  const dir = join(PROJECT_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const ranAt = new Date(started).toISOString();
  const file = join(dir, `cluster-chaos-${ranAt.replace(/[:.]/g, '-')}.json`);
  const { problems, ...counts } = figures;
  const result = {
    ranAt,
    ...counts,
    problems: problems.slice(0, 20),
    callbacksDeliveredOnce: callbacksOnce,
    apiStartFailuresRetried: startFailures,
    recoveries: recoveries.map(({ activities, ...r }) => ({
      ...r,
      inFlightActivities: activities?.length,
      slowestActivityRecoveryS:
        activities === undefined || activities.some((a) => a.seconds === null)
          ? null
          : Math.max(0, ...activities.map((a) => a.seconds ?? 0)),
    })),
  };
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
