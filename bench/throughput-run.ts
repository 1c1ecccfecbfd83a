import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { sleep } from '../scripts/processes';
import type { BenchStack } from './bench-stack';
import type { ProfileEntry } from './cpu-profile';
import { readProfiles, selfTimes } from './cpu-profile';
import { mean } from './metrics';
import { WEBHOOK_BACKSTOP_POLLING } from './policies';
import { processCpuSeconds, threadCpuDelta, threadCpuSecondsByName } from './process-cpu';
import { EAGER_ACTIVITY_RESERVATIONS_PER_WORKFLOW_TASK } from '../worker/eager-activities';
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
  /** The same CPU by thread name (process-cpu.ts threadCpuSecondsByName), per request, largest first. */
  cpuSecondsPerRequestByThread: { thread: string; cpuS: number }[];
}

/** What both workers share, so that their CPU compares like for like. */
export interface ThroughputWorkers {
  /** WORKER_MAX_CACHED_WORKFLOWS of both workers. */
  maxCachedWorkflows: number;
  /** Eager activities are off on both (worker/eager-activities.ts). */
  eagerActivityReservations: number;
  /** Where their V8 CPU profiles went (`--cpu-prof`), if profiled. */
  cpuProfDir?: string;
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
  workers: ThroughputWorkers;
  /** ours' CPU-seconds per request / the baseline's. */
  cpuRatio: number;
  /** With `cpuProfDir`: each side's JavaScript self time by function, the top ones (cpu-profile.ts). */
  profiles?: { ours: ProfileEntry[]; baseline: ProfileEntry[] };
}

/** Functions kept per side in the result's profile summary. */
const PROFILE_TOP = 40;

const SAMPLED_HISTORIES = 50;
const SIGNERS_AT_ONCE = 32;
const ROUND_DEADLINE_MS = 30 * 60_000;

interface Round {
  figures: WorkflowFigures[];
  cpuS: number;
  threads: { thread: string; cpuS: number }[];
}

/** A round's CPU, process-wide and by thread, from reads before and after it. */
async function measured<T>(
  pid: number | undefined,
  run: () => Promise<T>,
): Promise<{ result: T; cpuS: number; threads: Round['threads'] }> {
  const before = processCpuSeconds(pid);
  const threadsBefore = threadCpuSecondsByName(pid);
  const result = await run();
  return {
    result,
    cpuS: processCpuSeconds(pid) - before,
    threads: threadCpuDelta(threadsBefore, threadCpuSecondsByName(pid)),
  };
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
  workers: Pick<ThroughputWorkers, 'maxCachedWorkflows' | 'cpuProfDir'>,
): Promise<ThroughputResult> {
  await stack.resetEmulator(true);
  const taskQueue = `bench-${runId}-throughput`;
  const baselineQueue = `bench-${runId}-baseline`;
  const profiled = (side: string) =>
    workers.cpuProfDir === undefined
      ? {}
      : { nodeOptions: `--cpu-prof --cpu-prof-dir=${join(workers.cpuProfDir, side)}` };
  const worker = await stack.startWorker(taskQueue, {
    maxCachedWorkflows: workers.maxCachedWorkflows,
    ...profiled('ours'),
  });
  const baselineWorker = await stack.startBaselineWorker(baselineQueue, {
    maxCachedWorkflows: workers.maxCachedWorkflows,
    ...profiled('baseline'),
  });
  const sizes = roundSizes(count, rounds);
  const ours: Round[] = [];
  const baseline: Round[] = [];
  let k = 0;
  try {
    for (const [i, size] of sizes.entries()) {
      const round = await measured(worker.pid, () => oursRound(stack, taskQueue, size, `${taskQueue}-r${i}`));
      ours.push({ figures: round.result, cpuS: round.cpuS, threads: round.threads });
      if (i === 0) k = Math.round(await activityCallsPerWorkflow(stack.client, round.result));
      const baselineRun = await measured(baselineWorker.pid, () => baselineRound(stack.client, baselineQueue, size, k));
      baseline.push({ figures: baselineRun.result, cpuS: baselineRun.cpuS, threads: baselineRun.threads });
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
  const oursSide = side(ours);
  const baselineSide = side(baseline);
  return {
    requests: count,
    rounds: sizes.length,
    ours: { ...oursSide, activityCallsPerWorkflow: callsPerWorkflow },
    baseline: { ...baselineSide, activityCalls: k },
    ratio: oursRate / baselineRate,
    roundRatios: ours.map((r, i) => rate([r]) / rate(baseline.slice(i, i + 1))),
    workers: { ...workers, eagerActivityReservations: EAGER_ACTIVITY_RESERVATIONS_PER_WORKFLOW_TASK },
    cpuRatio: oursSide.cpuSecondsPerRequest / baselineSide.cpuSecondsPerRequest,
    // Written when each worker exited (stopped above).
    ...(workers.cpuProfDir === undefined
      ? {}
      : {
          profiles: {
            ours: selfTimes(readProfiles(join(workers.cpuProfDir, 'ours'))).slice(0, PROFILE_TOP),
            baseline: selfTimes(readProfiles(join(workers.cpuProfDir, 'baseline'))).slice(0, PROFILE_TOP),
          },
        }),
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
    cpuSecondsPerRequestByThread: perRequestByThread(
      rounds.map((r) => r.threads),
      requests,
    ),
  };
}

/** Each thread name's CPU summed over the rounds, per request, largest first. */
export function perRequestByThread(
  rounds: { thread: string; cpuS: number }[][],
  requests: number,
): { thread: string; cpuS: number }[] {
  const sums = new Map<string, number>();
  for (const round of rounds) for (const { thread, cpuS } of round) sums.set(thread, (sums.get(thread) ?? 0) + cpuS);
  return [...sums.entries()]
    .map(([thread, cpuS]) => ({ thread, cpuS: cpuS / requests }))
    .sort((a, b) => b.cpuS - a.cpuS);
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
