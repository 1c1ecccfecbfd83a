import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { sleep } from '../scripts/processes';
import type { BenchStack } from './bench-stack';
import { mean } from './metrics';
import { WEBHOOK_BACKSTOP_POLLING } from './policies';
import { processCpuSeconds } from './process-cpu';
import { startRequests } from './requests';
import type { BenchSigner } from './signers';
import { signWhenSent } from './signers';
import type { WorkflowFigures } from './workflow-figures';
import { activityCalls, describeAll, spanSeconds, waitUntilAllClosed } from './workflow-figures';
import { baselineWorkflow } from './workflows';

export interface ThroughputSide {
  completed: number;
  /** Completed workflows over the sum of this side's rounds (each: first start → last completion). */
  completedPerSecond: number;
  /** The side's worker process, user + system CPU over its own rounds (/proc), per request. */
  cpuSecondsPerRequest: number;
}

export interface ThroughputResult {
  requests: number;
  /** Rounds of ours and of the baseline, alternating (ours first): both sides see the same machine load. */
  rounds: number;
  /** Sign-request workflows (webhooks + backstop), signers signing as soon as the request is out. */
  ours: ThroughputSide & { activityCallsPerWorkflow: number };
  /** The minimal workflow: the same number of activity calls, no Box logic, same stack and data converter. */
  baseline: ThroughputSide & { activityCalls: number };
  /** ours / baseline. */
  ratio: number;
  /** Each pair of rounds' ratio, to see how much the machine moved. */
  roundRatios: number[];
}

const SAMPLED_HISTORIES = 50;
const SIGNERS_AT_ONCE = 32;
const ROUND_DEADLINE_MS = 30 * 60_000;

interface Round {
  figures: WorkflowFigures[];
  cpuS: number;
}

/**
 * M sign requests against M baseline workflows, in alternating rounds (ours, baseline, ours, …) on their own
 * task queues and worker processes, both workers running throughout: a one-after-the-other comparison moves with
 * whatever else the machine is doing (0.57× on one run, 0.40× on another with the same code). The baseline's
 * activity count is measured from the first round's histories.
 */
export async function runThroughput(
  stack: BenchStack,
  count: number,
  rounds: number,
  runId: string,
  say: (line: string) => void,
): Promise<ThroughputResult> {
  await stack.resetEmulator(true);
  const taskQueue = `bench-${runId}-throughput`;
  const baselineQueue = `bench-${runId}-baseline`;
  const worker = await stack.startWorker(taskQueue);
  const baselineWorker = await stack.startBaselineWorker(baselineQueue);
  const sizes = roundSizes(count, rounds);
  const ours: Round[] = [];
  const baseline: Round[] = [];
  let k = 0;
  try {
    for (const [i, size] of sizes.entries()) {
      const cpuBefore = processCpuSeconds(worker.pid);
      const figures = await oursRound(stack, taskQueue, size, `${taskQueue}-r${i}`);
      ours.push({ figures, cpuS: processCpuSeconds(worker.pid) - cpuBefore });
      if (i === 0) k = Math.round(await activityCallsPerWorkflow(stack.client, figures));
      const baselineCpuBefore = processCpuSeconds(baselineWorker.pid);
      const baselineFigures = await baselineRound(stack.client, baselineQueue, size, k);
      baseline.push({ figures: baselineFigures, cpuS: processCpuSeconds(baselineWorker.pid) - baselineCpuBefore });
      say(
        `throughput round ${i + 1}/${sizes.length}: ${size} sign requests at ${rate([ours[i]]).toFixed(1)}/s, ` +
          `baseline (${k} no-op activities) at ${rate([baseline[i]]).toFixed(1)}/s`,
      );
    }
  } finally {
    await worker.stop();
    await baselineWorker.stop();
  }
  const callsPerWorkflow = await activityCallsPerWorkflow(
    stack.client,
    ours.flatMap((r) => r.figures),
  );
  const oursRate = rate(ours);
  const baselineRate = rate(baseline);
  return {
    requests: count,
    rounds: sizes.length,
    ours: { ...side(ours), activityCallsPerWorkflow: callsPerWorkflow },
    baseline: { ...side(baseline), activityCalls: k },
    ratio: oursRate / baselineRate,
    roundRatios: ours.map((r, i) => rate([r]) / rate(baseline.slice(i, i + 1))),
  };
}

/** `count` split into `rounds` near-equal whole rounds (never an empty one). */
export function roundSizes(count: number, rounds: number): number[] {
  const n = Math.max(1, Math.min(rounds, count));
  return Array.from({ length: n }, (_, i) => Math.floor(count / n) + (i < count % n ? 1 : 0));
}

/** Completed workflows per second over the rounds' summed spans. */
function rate(rounds: (Round | undefined)[]): number {
  const present = rounds.filter((r): r is Round => r !== undefined);
  const completed = present.reduce((n, r) => n + r.figures.filter((f) => f.status === 'COMPLETED').length, 0);
  const seconds = present.reduce((s, r) => s + spanSeconds(r.figures), 0);
  return seconds > 0 ? completed / seconds : 0;
}

function side(rounds: Round[]): ThroughputSide {
  const requests = rounds.reduce((n, r) => n + r.figures.length, 0);
  return {
    completed: rounds.reduce((n, r) => n + r.figures.filter((f) => f.status === 'COMPLETED').length, 0),
    completedPerSecond: rate(rounds),
    cpuSecondsPerRequest: rounds.reduce((s, r) => s + r.cpuS, 0) / requests,
  };
}

/** `size` sign requests; signers sign as soon as their request is out, while later ones are still being started. */
async function oursRound(
  stack: BenchStack,
  taskQueue: string,
  size: number,
  keyPrefix: string,
): Promise<WorkflowFigures[]> {
  const { client, control } = stack;
  const deadline = Date.now() + ROUND_DEADLINE_MS;
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
  const signers = await startRequests(client, taskQueue, size, WEBHOOK_BACKSTOP_POLLING, {
    sealing: stack.sealing,
    keyPrefix,
    onStarted: (s) => queue.push(s),
  });
  allStarted = true;
  await Promise.all(signing);
  await waitUntilAllClosed(client, taskQueue, deadline);
  return describeAll(
    client,
    signers.map((s) => s.workflowId),
  );
}

async function baselineRound(client: Client, taskQueue: string, size: number, k: number): Promise<WorkflowFigures[]> {
  const ids: string[] = [];
  for (let i = 0; i < size; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, size - i) }, async () => {
        const workflowId = `bench-baseline-${randomUUID()}`;
        await client.workflow.start(baselineWorkflow, { taskQueue, workflowId, args: [k] });
        ids.push(workflowId);
      }),
    );
  }
  await waitUntilAllClosed(client, taskQueue, Date.now() + ROUND_DEADLINE_MS);
  return describeAll(client, ids);
}

/** Mean ActivityTaskScheduled events over a sample of the workflows' histories. */
async function activityCallsPerWorkflow(client: Client, figures: WorkflowFigures[]): Promise<number> {
  const ids = figures.map((f) => f.workflowId);
  const sample = ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / SAMPLED_HISTORIES)) === 0);
  const calls: number[] = [];
  for (const id of sample) calls.push(await activityCalls(client, id));
  return mean(calls);
}
