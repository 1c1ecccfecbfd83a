import type { OpenRequestsResult } from './open-run';
import { holdingRss, openPhaseLine, openRequestsLine } from './open-run';
import type { SendersResult } from './senders-run';
import { sendersLine } from './senders-run';
import type { TargetCheck } from './target-check';

/** Issue 14's targets for the multi-sender run, judged on the figures as measured. */
export function sendersChecks(r: SendersResult): TargetCheck[] {
  const allSmallCreated = r.small.created === r.small.requests * r.small.senders.length;
  const p99 = r.small.startToCreatedS.p99;
  return [
    { target: 'senders: no 429 from Box', figure: `${r.box429} 429s`, met: r.box429 === 0 },
    {
      target: 'senders: no sender above its quota in any minute',
      figure: `${r.maxCreatesPerMinute} creates + resends in the busiest minute, quota ${r.quota.createResendPerMinute}`,
      met: r.maxCreatesPerMinute <= r.quota.createResendPerMinute,
    },
    {
      target: "senders: B's and C's requests created within 30 s of their start while A drains (p99)",
      figure: `p99 ${p99.toFixed(2)} s (${r.small.created} of ${r.small.requests * r.small.senders.length} created)`,
      met: allSmallCreated && p99 <= 30,
    },
    {
      target: "senders: A's bulk drains within 1.15× the quota's floor",
      figure: `${r.bulk.drainS.toFixed(1)} s vs floor ${r.bulk.floorS.toFixed(1)} s (${(r.bulk.drainS / r.bulk.floorS).toFixed(2)}×; ${r.bulk.created} of ${r.bulk.requests} created)`,
      met: r.bulk.created === r.bulk.requests && r.bulk.drainS <= 1.15 * r.bulk.floorS,
    },
  ];
}

/** Issue 23's holding-RSS targets: ≤ 300 MiB holding the most, and no more than 10 % above holding the first. */
export const HOLDING_RSS_LIMIT_MIB = 300;
export const HOLDING_RSS_GROWTH_LIMIT = 1.1;

export function openRequestsChecks(r: OpenRequestsResult): TargetCheck[] {
  const mib = (bytes: number) => bytes / 2 ** 20;
  const first = r.phases[0];
  const last = r.phases[r.phases.length - 1];
  const checks: TargetCheck[] = [];
  if (last) {
    const held = holdingRss(last);
    checks.push({
      target: `open requests: holding RSS ≤ ${HOLDING_RSS_LIMIT_MIB} MiB with ${last.requests} open (cache ${r.maxCachedWorkflows})`,
      figure:
        `${mib(held.bytes).toFixed(0)} MiB ${held.how} (peak while holding ${mib(last.holdingPeakRssBytes).toFixed(0)} MiB; ` +
        `${r.created} of ${r.requests} created)`,
      met: mib(held.bytes) <= HOLDING_RSS_LIMIT_MIB && r.created === r.requests,
    });
  }
  if (first && last && first !== last) {
    const ratio = holdingRss(last).bytes / holdingRss(first).bytes;
    checks.push({
      target: `open requests: holding RSS at ${last.requests} ≤ ${HOLDING_RSS_GROWTH_LIMIT}× the holding RSS at ${first.requests}`,
      figure: `${mib(holdingRss(last).bytes).toFixed(0)} vs ${mib(holdingRss(first).bytes).toFixed(0)} MiB (${ratio.toFixed(2)}×, ${holdingRss(last).how})`,
      met: ratio <= HOLDING_RSS_GROWTH_LIMIT,
    });
  }
  checks.push({
    target: 'open requests: Box GETs per minute per sender within the quota',
    figure: `${r.maxGetsPerMinutePerSender} in the busiest minute, quota ${r.quota.getPerMinute}; ${r.box429} 429s`,
    met: r.maxGetsPerMinutePerSender <= r.quota.getPerMinute && r.box429 === 0,
  });
  return checks;
}

export function renderSenders(r: SendersResult): string[] {
  const bySender = Object.entries(r.createsPerMinuteBySender)
    .map(([sender, peak]) => `${sender} ${peak}`)
    .join(', ');
  const s = r.small.startToCreatedS;
  return [
    `Senders: A (${r.bulk.sender}) starts ${r.bulk.requests} at once, B and C (${r.small.senders.join(', ')}) ` +
      `${r.small.requests} each ${r.small.delayS} s later; quota ${r.quota.createResendPerMinute} creates + resends ` +
      `and ${r.quota.getPerMinute} gets a minute per user, Temporal's per-sender limits ${r.limits.writesPerMinute} ` +
      `and ${r.limits.readsPerMinute}`,
    `  busiest minute of creates + resends per sender: ${bySender || 'none'}`,
    `  B and C, start → created: p50 ${s.p50.toFixed(2)} s, p95 ${s.p95.toFixed(2)} s, max ${s.max.toFixed(2)} s`,
    sendersLine(r),
  ];
}

export function renderOpenRequests(r: OpenRequestsResult): string[] {
  return [
    `Open requests: ${r.requests} over ${r.senders} senders (webhooks + backstop, nobody signs), created in ` +
      `${r.createS.toFixed(0)} s, held ${r.holdS.toFixed(0)} s: ${r.holdingCpuS.toFixed(1)} CPU-s while holding, ` +
      `peak RSS ${(r.holdingPeakRssBytes / 2 ** 20).toFixed(0)} MiB while holding ` +
      `(${(r.peakRssBytes / 2 ** 20).toFixed(0)} MiB over the run); the idle worker before: ` +
      `${r.idleCpuSPerHour.toFixed(0)} CPU-s an hour; ${r.sampledHistories} histories sampled`,
    ...r.phases.map(openPhaseLine),
    openRequestsLine(r),
  ];
}
