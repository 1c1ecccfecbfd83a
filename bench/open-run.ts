import { sleep } from '../scripts/processes';
import type { BenchStack } from './bench-stack';
import { untilCreatedOnBox } from './created-on-box';
import { mean, RssSampler } from './metrics';
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

export interface OpenRequestsResult {
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

/**
 * Open requests held by one worker: `openRequests` in webhook mode (polls as backstop), spread over `openSenders`
 * emulator users with Box's quotas on, all created, then held for `openHoldS` while nobody signs. Measures what
 * waiting costs: the worker's memory and CPU, the backstop's GETs per sender, the histories.
 */
export async function runOpenRequests(
  stack: BenchStack,
  options: Pick<BenchOptions, 'openRequests' | 'openSenders' | 'openHoldS' | 'senderQuota'>,
  runId: string,
  say: (line: string) => void,
): Promise<OpenRequestsResult> {
  const { client, control } = stack;
  const quota = senderQuota(options.senderQuota);
  const limits = senderLimitsFor(quota);
  const senders = benchSenderIds(options.openSenders);
  await stack.resetEmulator(true);
  await stack.addSenders(senders);
  await stack.enforceQuotas(quota);
  const taskQueue = `bench-${runId}-open`;
  const worker = await stack.startWorker(taskQueue, { senders, senderLimits: limits });
  const rss = new RssSampler(worker.pid ?? -1, 1_000);
  const idleCpu = await cpuSecondsOver(worker.pid, IDLE_MS);
  const began = Date.now();
  const signers = await startRequests(client, taskQueue, options.openRequests, WEBHOOK_BACKSTOP_POLLING, {
    sealing: stack.sealing,
    senderOf: (n) => senders[n % senders.length],
    allowedSenders: senders,
  });
  const ids = signers.map((s) => s.workflowId);
  say(`open: ${ids.length} requests started over ${senders.length} senders; waiting for Box to create them`);
  const createdCalls = await untilCreatedOnBox(
    control,
    ids,
    began + 60 * 60_000,
    (n) => say(`open: ${n} of ${ids.length} created`),
    5_000,
  );
  const createdAt = createdAtByExternalId(createdCalls);
  const created = ids.filter((id) => createdAt.has(id)).length;
  const createS = (Date.now() - began) / 1000;
  say(`open: ${created} created in ${createS.toFixed(0)} s; holding them ${options.openHoldS} s`);

  await sleep(SETTLE_MS);
  const holdingRss = new RssSampler(worker.pid ?? -1, 1_000);
  const holding = await cpuSecondsOver(worker.pid, options.openHoldS * 1000);
  const holdingPeakRssBytes = holdingRss.stop();
  const peakRssBytes = rss.stop();

  const sample = ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / SAMPLED_HISTORIES)) === 0);
  const histories = (await describeAll(client, sample)).map((f) => f.historyLength);
  await worker.stop();
  const calls = await control.calls();
  const stats = await control.stats();
  return {
    requests: ids.length,
    senders: senders.length,
    quota,
    limits,
    created,
    createS,
    holdS: holding.seconds,
    peakRssBytes,
    holdingPeakRssBytes,
    holdingCpuS: holding.cpuS,
    cpuSPerHourPer1000: cpuSecondsPerHourPer1000(holding, ids.length),
    idleCpuSPerHour: cpuSecondsPerHourPer1000(idleCpu, 1000),
    maxGetsPerMinutePerSender: maxPeak(peakPerMinuteBySender(calls, 'get')),
    box429: stats.rate_limited,
    historyEventsPerRequest: mean(histories),
    sampledHistories: histories.length,
  };
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
    `history_events_per_request=${result.historyEventsPerRequest.toFixed(1)}`
  );
}
