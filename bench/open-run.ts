import { mkdirSync } from 'node:fs';
import { freePort, sleep } from '../scripts/processes';
import type { ThreadMemory } from './inspector-gc';
import { collectGarbage, nativeRestBytes, writeHeapSnapshots } from './inspector-gc';
import type { BenchStack } from './bench-stack';
import { untilCreatedOnBox } from './created-on-box';
import { currentRssBytes, fileBackedRssBytes, mean, RssSampler } from './metrics';
import type { BenchOptions } from './options';
import { WEBHOOK_BACKSTOP_POLLING } from './policies';
import type { CpuSpan } from './process-cpu';
import { cpuSecondsPerHourPer1000, processCpuSeconds } from './process-cpu';
import { startRequests } from './requests';
import type { SenderRateLimits } from '../quotas/sender-rate-limits';
import type { SenderQuota } from './sender-quotas';
import { benchSenderIds, senderLimitsFor, senderQuota } from './sender-quotas';
import { createdAtByExternalId, maxPeak, peakPerMinuteBySender } from './sender-figures';
import { describeAll } from './workflow-figures';

/** The worker holding the first `requests` (open-first-requests), then all of them: what each costs it. */
export interface OpenPhase {
  requests: number;
  /** Seconds from this phase's first start until Box had created every request so far. */
  createS: number;
  holdS: number;
  /** Peak RSS while holding (SETTLE_MS after the last create), and right after a forced GC at the end of the hold. */
  holdingPeakRssBytes: number;
  /** NaN when the GC could not be forced (no inspector): the figure is then the peak while holding. */
  rssAfterGcBytes: number;
  /** Threads the GC ran on (main + the workflow thread); 0 when it could not be forced. */
  gcThreads: number;
  /** Each thread's V8 heap and external memory after the GC (empty when it could not be forced). */
  memory: ThreadMemory[];
  /** The file-backed part of the RSS after the GC (code pages of node and the SDK's native addon). */
  rssFileBytes: number;
  /** Heap snapshots written after the GC (`--open-heap-snapshot-dir`). */
  snapshots: string[];
}

export interface OpenRequestsResult {
  /** The worker's workflow cache (WORKER_MAX_CACHED_WORKFLOWS). */
  maxCachedWorkflows: number;
  /** Holding the first requests, then all of them (the last phase's figures are also the ones below). */
  phases: OpenPhase[];
  requests: number;
  senders: number;
  quota: SenderQuota;
  limits: SenderRateLimits;
  /** Requests Box created, and how long starting and creating them all took. */
  created: number;
  createS: number;
  /** The holding period: every request exists on Box and waits for its signer (nobody signs). */
  holdS: number;
  /** The worker's peak RSS from start-up's end to the end of the holding period, and within the holding period. */
  peakRssBytes: number;
  holdingPeakRssBytes: number;
  /** The worker's CPU-seconds (user + system, /proc) over the holding period, and per hour per 1,000 requests. */
  holdingCpuS: number;
  cpuSPerHourPer1000: number;
  /** The same worker's CPU-seconds per hour before any request existed: what it costs with nothing to hold. */
  idleCpuSPerHour: number;
  /** Per sender, the most admitted GETs in any 60 seconds of the run; the largest of them. */
  maxGetsPerMinutePerSender: number;
  box429: number;
  /** Mean history length over a sample of the requests, at the end of the holding period. */
  historyEventsPerRequest: number;
  sampledHistories: number;
}

const SAMPLED_HISTORIES = 50;
/** The idle worker is measured this long before the requests start. */
const IDLE_MS = 20_000;
/** The holding period starts this long after the last create, once its follow-up (the check that it is out) is done. */
const SETTLE_MS = 15_000;
/** How long the phases before the last hold their requests (the last holds `openHoldS`, for its CPU figure). */
const FIRST_HOLD_MS = 30_000;

/**
 * Open requests held by one worker: `openRequests` in webhook mode (polls as backstop), spread over `openSenders`
 * emulator users with Box's quotas on, all created, then held for `openHoldS` while nobody signs. Measures what
 * waiting costs: the worker's memory and CPU, the backstop's GETs per sender, the histories.
 */
export async function runOpenRequests(
  stack: BenchStack,
  options: Pick<
    BenchOptions,
    | 'openRequests'
    | 'openFirstRequests'
    | 'openSenders'
    | 'openHoldS'
    | 'senderQuota'
    | 'maxCachedWorkflows'
    | 'openHeapSnapshotDir'
  >,
  runId: string,
  say: (line: string) => void,
): Promise<OpenRequestsResult> {
  const { client, control } = stack;
  if (options.openHeapSnapshotDir !== undefined) mkdirSync(options.openHeapSnapshotDir, { recursive: true });
  const quota = senderQuota(options.senderQuota);
  const limits = senderLimitsFor(quota);
  const senders = benchSenderIds(options.openSenders);
  await stack.resetEmulator(true);
  await stack.addSenders(senders);
  await stack.enforceQuotas(quota);
  const taskQueue = `bench-${runId}-open`;
  const inspectorPort = await freePort();
  const worker = await stack.startWorker(taskQueue, {
    senders,
    senderLimits: limits,
    maxCachedWorkflows: options.maxCachedWorkflows,
    // The inspector lets the bench force a GC before it reads the holding RSS (inspector-gc.ts).
    nodeOptions: `--inspect=127.0.0.1:${inspectorPort}`,
  });
  const pid = worker.pid ?? -1;
  const rss = new RssSampler(pid, 1_000);
  const idleCpu = await cpuSecondsOver(worker.pid, IDLE_MS);
  const ids: string[] = [];
  const phases: OpenPhase[] = [];
  let createdCalls: Awaited<ReturnType<typeof untilCreatedOnBox>> = [];
  let holding: CpuSpan = { cpuS: NaN, seconds: 0 };
  for (const [i, target] of openPhaseSizes(options.openFirstRequests, options.openRequests).entries()) {
    const last = target === options.openRequests;
    const began = Date.now();
    const signers = await startRequests(client, taskQueue, target - ids.length, WEBHOOK_BACKSTOP_POLLING, {
      sealing: stack.sealing,
      keyPrefix: `${taskQueue}-p${i}`,
      senderOf: (n) => senders[n % senders.length],
      allowedSenders: senders,
    });
    ids.push(...signers.map((s) => s.workflowId));
    say(`open: ${ids.length} requests started over ${senders.length} senders; waiting for Box to create them`);
    createdCalls = await untilCreatedOnBox(
      control,
      ids,
      began + 60 * 60_000,
      (n) => say(`open: ${n} of ${ids.length} created`),
      5_000,
    );
    const createS = (Date.now() - began) / 1000;
    const holdMs = last ? options.openHoldS * 1000 : FIRST_HOLD_MS;
    say(`open: ${ids.length} created in ${createS.toFixed(0)} s; holding them ${(holdMs / 1000).toFixed(0)} s`);
    await sleep(SETTLE_MS);
    const holdingRss = new RssSampler(pid, 1_000);
    holding = await cpuSecondsOver(worker.pid, holdMs);
    const holdingPeakRssBytes = holdingRss.stop();
    const afterGc = await collectGarbage(inspectorPort).catch((err: unknown) => {
      say(`open: could not force a GC in the worker (${err instanceof Error ? err.message : String(err)})`);
      return { gcThreads: 0, memory: [] };
    });
    await sleep(2_000);
    const phase: OpenPhase = {
      requests: ids.length,
      createS,
      holdS: holding.seconds,
      holdingPeakRssBytes,
      rssAfterGcBytes: afterGc.gcThreads > 0 ? currentRssBytes(pid) : NaN,
      rssFileBytes: fileBackedRssBytes(pid),
      ...afterGc,
      snapshots:
        options.openHeapSnapshotDir === undefined
          ? []
          : await writeHeapSnapshots(inspectorPort, options.openHeapSnapshotDir, `open-${ids.length}`),
    };
    phases.push(phase);
    say(openPhaseLine(phase));
    if (phase.memory.length > 0) say(openMemoryLine(phase));
  }
  const peakRssBytes = rss.stop();
  const createdAt = createdAtByExternalId(createdCalls);
  const lastPhase = phases[phases.length - 1];

  const sample = ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / SAMPLED_HISTORIES)) === 0);
  const histories = (await describeAll(client, sample)).map((f) => f.historyLength);
  await worker.stop();
  const calls = await control.calls();
  const stats = await control.stats();
  return {
    maxCachedWorkflows: options.maxCachedWorkflows,
    phases,
    requests: ids.length,
    senders: senders.length,
    quota,
    limits,
    created: ids.filter((id) => createdAt.has(id)).length,
    createS: phases.reduce((sum, p) => sum + p.createS, 0),
    holdS: holding.seconds,
    peakRssBytes,
    holdingPeakRssBytes: lastPhase?.holdingPeakRssBytes ?? NaN,
    holdingCpuS: holding.cpuS,
    cpuSPerHourPer1000: cpuSecondsPerHourPer1000(holding, ids.length),
    idleCpuSPerHour: cpuSecondsPerHourPer1000(idleCpu, 1000),
    maxGetsPerMinutePerSender: maxPeak(peakPerMinuteBySender(calls, 'get')),
    box429: stats.rate_limited,
    historyEventsPerRequest: mean(histories),
    sampledHistories: histories.length,
  };
}

/** The phases' sizes: the first requests, then all of them (one phase when they are the same). */
export function openPhaseSizes(first: number, all: number): number[] {
  return first >= all ? [all] : [first, all];
}

/**
 * The RSS a phase's target is judged on: after the forced GC when there was one, else the peak while holding (V8's
 * uncollected garbage included), and which of the two it is.
 */
export function holdingRss(phase: OpenPhase): { bytes: number; how: string } {
  return Number.isFinite(phase.rssAfterGcBytes)
    ? { bytes: phase.rssAfterGcBytes, how: 'after a forced GC' }
    : { bytes: phase.holdingPeakRssBytes, how: 'peak while holding, no GC forced' };
}

/** One line per phase, as the run goes. */
export function openPhaseLine(phase: OpenPhase): string {
  const mib = (bytes: number) => (Number.isFinite(bytes) ? (bytes / 2 ** 20).toFixed(0) : 'n/a');
  return (
    `open: holding ${phase.requests}: rss_after_gc_mib=${mib(phase.rssAfterGcBytes)} ` +
    `holding_peak_rss_mib=${mib(phase.holdingPeakRssBytes)} gc_threads=${phase.gcThreads} ` +
    `created_in_s=${phase.createS.toFixed(0)}`
  );
}

/**
 * Where a phase's RSS after the GC is: code pages mapped from files, each thread's V8 heap (committed; used in
 * brackets) and external memory, and the anonymous rest, which no V8 heap accounts for: malloc'd memory of the Rust
 * core and of Node's C++ (gRPC and protobuf buffers, sockets) and what glibc keeps of it after it is freed.
 */
export function openMemoryLine(phase: OpenPhase): string {
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  const threads = phase.memory.map(
    (t) =>
      `${t.thread}_heap_mib=${mib(t.heapTotalBytes)}(${mib(t.heapUsedBytes)}) ${t.thread}_external_mib=${mib(t.externalBytes)}`,
  );
  return (
    `open: memory ${phase.requests}: rss_mib=${mib(phase.rssAfterGcBytes)} file_backed_mib=${mib(phase.rssFileBytes)} ` +
    `${threads.join(' ')} native_rest_mib=${mib(nativeRestBytes(phase.rssAfterGcBytes - phase.rssFileBytes, phase.memory))}`
  );
}

/** CPU-seconds a process used over the next `ms` (NaN when /proc cannot be read). */
async function cpuSecondsOver(pid: number | undefined, ms: number): Promise<CpuSpan> {
  const before = processCpuSeconds(pid);
  const began = Date.now();
  await sleep(ms);
  return { cpuS: processCpuSeconds(pid) - before, seconds: (Date.now() - began) / 1000 };
}

/** The run's one machine-readable line. */
export function openRequestsLine(result: OpenRequestsResult): string {
  return (
    `open_requests: requests=${result.requests} senders=${result.senders} ` +
    `rss_mib=${(result.peakRssBytes / 2 ** 20).toFixed(0)} ` +
    `holding_rss_mib=${(result.holdingPeakRssBytes / 2 ** 20).toFixed(0)} ` +
    `cpu_s_per_hour_per_1000=${result.cpuSPerHourPer1000.toFixed(2)} ` +
    `max_gets_per_min_per_sender=${result.maxGetsPerMinutePerSender} ` +
    `get_quota_per_min=${result.quota.getPerMinute} ` +
    `history_events_per_request=${result.historyEventsPerRequest.toFixed(1)} ` +
    result.phases
      .map((p) => `rss_after_gc_mib_at_${p.requests}=${(holdingRss(p).bytes / 2 ** 20).toFixed(0)}`)
      .join(' ') +
    ` cache=${result.maxCachedWorkflows}`
  );
}
