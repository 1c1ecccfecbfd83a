import { randomUUID } from 'node:crypto';
import { sleep } from '../scripts/processes';
import type { BenchStack } from './bench-stack';
import { mean } from './metrics';
import { WEBHOOK_BACKSTOP_POLLING } from './policies';
import { startRequests } from './requests';
import type { BenchSigner } from './signers';
import { signWhenSent } from './signers';
import { activityCalls, completedPerSecond, describeAll, waitUntilAllClosed } from './workflow-figures';
import { baselineWorkflow } from './workflows';

export interface ThroughputResult {
  requests: number;
  /** Sign-request workflows (webhooks + backstop), signers signing as soon as the request is out. */
  ours: { completed: number; completedPerSecond: number; activityCallsPerWorkflow: number };
  /** The minimal workflow: the same number of activity calls, no Box logic, same stack and data converter. */
  baseline: { completed: number; completedPerSecond: number; activityCalls: number };
  /** ours / baseline. */
  ratio: number;
}

const SAMPLED_HISTORIES = 50;
const SIGNERS_AT_ONCE = 32;

export async function runThroughput(
  stack: BenchStack,
  count: number,
  runId: string,
  say: (line: string) => void,
): Promise<ThroughputResult> {
  const { client, control } = stack;
  await stack.resetEmulator(true);
  const taskQueue = `bench-${runId}-throughput`;
  const worker = await stack.startWorker(taskQueue);
  const started = Date.now();
  const deadline = started + 30 * 60_000;
  // Signers sign as soon as their request is out, while later requests are still being started.
  const queue: BenchSigner[] = [];
  let allStarted = false;
  const signing = Array.from({ length: SIGNERS_AT_ONCE }, async () => {
    for (;;) {
      const signer = queue.shift();
      if (signer !== undefined) await signWhenSent(control, signer, deadline).catch(() => undefined);
      else if (allStarted) return;
      else await sleep(50);
    }
  });
  const signers = await startRequests(client, taskQueue, count, WEBHOOK_BACKSTOP_POLLING, {
    sealing: stack.sealing,
    onStarted: (s) => queue.push(s),
  });
  allStarted = true;
  await Promise.all(signing);
  const ids = signers.map((s) => s.workflowId);
  await waitUntilAllClosed(client, taskQueue, deadline);
  await worker.stop();
  const ours = await describeAll(client, ids);
  const sample = ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / SAMPLED_HISTORIES)) === 0);
  const calls: number[] = [];
  for (const id of sample) calls.push(await activityCalls(client, id));
  const activityCallsPerWorkflow = mean(calls);
  const oursRate = completedPerSecond(ours);
  say(
    `throughput: ${count} sign requests at ${oursRate.toFixed(1)}/s (${activityCallsPerWorkflow.toFixed(2)} activity calls each)`,
  );

  const baselineQueue = `bench-${runId}-baseline`;
  const baselineWorker = await stack.startBaselineWorker(baselineQueue);
  const k = Math.round(activityCallsPerWorkflow);
  const baselineIds: string[] = [];
  for (let i = 0; i < count; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, count - i) }, async () => {
        const workflowId = `bench-baseline-${randomUUID()}`;
        await client.workflow.start(baselineWorkflow, { taskQueue: baselineQueue, workflowId, args: [k] });
        baselineIds.push(workflowId);
      }),
    );
  }
  await waitUntilAllClosed(client, baselineQueue, deadline);
  await baselineWorker.stop();
  const baseline = await describeAll(client, baselineIds);
  const baselineRate = completedPerSecond(baseline);
  say(`throughput: ${count} baseline workflows (${k} no-op activities each) at ${baselineRate.toFixed(1)}/s`);
  return {
    requests: count,
    ours: {
      completed: ours.filter((f) => f.status === 'COMPLETED').length,
      completedPerSecond: oursRate,
      activityCallsPerWorkflow,
    },
    baseline: {
      completed: baseline.filter((f) => f.status === 'COMPLETED').length,
      completedPerSecond: baselineRate,
      activityCalls: k,
    },
    ratio: oursRate / baselineRate,
  };
}
