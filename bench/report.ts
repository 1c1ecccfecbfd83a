import { cpus, platform, release, totalmem } from 'node:os';
import type { CallbackFigures } from './callback-figures';
import { profileSummary } from './cpu-profile';
import { callbacksLine } from './callback-figures';
import type { ModeResult } from './latency-run';
import type { LifetimeResult } from './lifetime-run';
import type { OpenRequestsResult } from './open-run';
import type { BenchOptions } from './options';
import type { SendersResult } from './senders-run';
import { openRequestsChecks, renderOpenRequests, renderSenders, sendersChecks } from './sender-targets';
import type { TargetCheck } from './target-check';
import type { ThroughputResult } from './throughput-run';

export interface BenchReport {
  ranAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; os: string; node: string };
  options: BenchOptions;
  /** The parts run (`--only`) hold their results; the others are empty or absent. */
  modes: ModeResult[];
  throughput?: ThroughputResult;
  /** Many senders, each inside its quota (senders-run.ts). */
  senders?: SendersResult;
  /** Thousands of requests waiting for their signers on one worker (open-run.ts). */
  openRequests?: OpenRequestsResult;
  /** The same comparison over whole lives of hours to days, in virtual time (lifetime-run.ts). */
  lifetime: LifetimeResult[];
  targets: TargetCheck[];
}

export type BenchResults = Pick<BenchReport, 'modes' | 'throughput' | 'senders' | 'openRequests' | 'lifetime'>;

export function machine(): BenchReport['machine'] {
  const all = cpus();
  return {
    cpus: all.length,
    cpuModel: all[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
  };
}

/** The issue's targets, judged on the figures as measured: a miss is reported, never adjusted. */
export function judgeTargets(
  { modes, throughput, senders, openRequests, lifetime }: BenchResults,
  workloads: { short: string; lifetime: string },
): TargetCheck[] {
  const by = (name: string) => modes.find((m) => m.mode === name);
  const fixed = by('fixed');
  const adaptive = by('adaptive');
  const webhooks = by('webhooks');
  const lifeFixed = lifetime.find((m) => m.mode === 'fixed');
  const lifeAdaptive = lifetime.find((m) => m.mode === 'adaptive');
  const checks: TargetCheck[] = [];
  if (webhooks) {
    checks.push({
      target: 'webhooks: ≤ 4 Box calls per request',
      figure: webhooks.boxCalls.perRequest.toFixed(2),
      met: webhooks.boxCalls.perRequest <= 4,
    });
    checks.push({
      target: 'webhooks: p99 detection ≤ 1 s',
      figure: seconds(webhooks.detectionLatencyMs.p99),
      met: webhooks.detectionLatencyMs.p99 <= 1_000,
    });
    if (webhooks.callbacks) checks.push(callbackCheck(webhooks.callbacks));
  }
  if (fixed && adaptive) {
    checks.push(
      adaptiveCheck(
        workloads.short,
        { calls: fixed.boxCalls.perRequest, p50: fixed.detectionLatencyMs.p50 },
        { calls: adaptive.boxCalls.perRequest, p50: adaptive.detectionLatencyMs.p50 },
      ),
    );
  }
  if (lifeFixed && lifeAdaptive) {
    checks.push(
      adaptiveCheck(
        workloads.lifetime,
        { calls: lifeFixed.boxCallsPerRequest, p50: lifeFixed.detectionLatencyMs.p50 },
        { calls: lifeAdaptive.boxCallsPerRequest, p50: lifeAdaptive.detectionLatencyMs.p50 },
      ),
    );
  }
  if (throughput) {
    checks.push({
      target: 'throughput: ≥ 0.5× the minimal-workflow baseline (interleaved rounds)',
      figure: `${throughput.ratio.toFixed(2)}× (${throughput.ours.completedPerSecond.toFixed(1)}/s vs ${throughput.baseline.completedPerSecond.toFixed(1)}/s)`,
      met: throughput.ratio >= 0.5,
    });
    checks.push(cpuCheck(throughput));
  }
  if (senders) checks.push(...sendersChecks(senders));
  if (openRequests) checks.push(...openRequestsChecks(openRequests));
  return checks;
}

/** Issue 23: worker CPU per request ≤ 1.5× the baseline's, both workers with the same cache size and eager setting. */
export function cpuCheck(t: Pick<ThroughputResult, 'ours' | 'baseline' | 'cpuRatio' | 'workers'>): TargetCheck {
  const ms = (s: number) => (s * 1000).toFixed(1);
  return {
    target:
      `worker CPU per request ≤ 1.5× the baseline's (like for like: cache ${t.workers.maxCachedWorkflows} both, ` +
      `eager activities ${t.workers.eagerActivityReservations === 0 ? 'off' : 'on'} both)`,
    figure: `${ms(t.ours.cpuSecondsPerRequest)} vs ${ms(t.baseline.cpuSecondsPerRequest)} CPU-ms (${t.cpuRatio.toFixed(2)}×)`,
    met: t.cpuRatio <= 1.5,
  };
}

/** Met only when every callback arrived: a p99 over the delivered ones alone would hide the ones that did not. */
function callbackCheck(callbacks: CallbackFigures): TargetCheck {
  const allDelivered = callbacks.delivered === callbacks.expected;
  return {
    target: "webhooks: p99 signature → business system's receipt of the callback ≤ 1 s",
    figure: `${seconds(callbacks.latencyMs.p99)} (${callbacks.delivered} of ${callbacks.expected} delivered)`,
    met: allDelivered && callbacks.latencyMs.p99 <= 1_000,
  };
}

interface PollingFigures {
  calls: number;
  p50: number;
}

function adaptiveCheck(workload: string, fixed: PollingFigures, adaptive: PollingFigures): TargetCheck {
  const fewer = fixed.calls / adaptive.calls;
  return {
    target: `adaptive: ≥ 10× fewer Box calls than fixed at equal or better p50 (${workload})`,
    figure: `${fewer.toFixed(2)}× fewer (${adaptive.calls.toFixed(1)} vs ${fixed.calls.toFixed(1)}); p50 ${seconds(adaptive.p50)} vs ${seconds(fixed.p50)}`,
    met: fewer >= 10 && adaptive.p50 <= fixed.p50,
  };
}

export function renderTable(report: BenchReport): string {
  const header = [
    'mode',
    'Box calls/req',
    'p50',
    'p95',
    'p99',
    'history events/wf',
    'completed/s',
    'peak worker RSS',
    'peak Box calls/min',
  ];
  const rows = report.modes.map((m) => [
    m.label,
    m.boxCalls.perRequest.toFixed(2),
    seconds(m.detectionLatencyMs.p50),
    seconds(m.detectionLatencyMs.p95),
    seconds(m.detectionLatencyMs.p99),
    m.historyEvents.mean.toFixed(1),
    m.completedPerSecond.toFixed(2),
    `${Math.round(m.peakWorkerRssBytes / 2 ** 20)} MiB`,
    String(m.peakBoxCallsPerMinute),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const m = report.machine;
  const sections: string[][] = [
    [
      `${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; parts: ${report.options.only.join(', ')}`,
    ],
  ];
  if (report.modes.length > 0) {
    sections.push([
      `${report.options.requests} requests per mode, signers at random times within ${report.options.windowS} s`,
      '',
      line(header),
      line(widths.map((w) => '-'.repeat(w))),
      ...rows.map(line),
      ...report.modes.flatMap((m) => (m.callbacks ? ['', callbacksLine(m.callbacks)] : [])),
    ]);
  }
  if (report.throughput) sections.push(renderThroughput(report.throughput));
  const missing = incomplete(report);
  if (missing.length > 0) sections.push(missing);
  if (report.senders) sections.push(renderSenders(report.senders));
  if (report.openRequests) sections.push(renderOpenRequests(report.openRequests));
  if (report.lifetime.length > 0) sections.push(renderLifetime(report));
  sections.push([
    'Targets:',
    ...report.targets.map((c) => `  ${c.met ? 'met   ' : 'MISSED'} ${c.target}: ${c.figure}`),
  ]);
  return sections.map((lines) => lines.join('\n')).join('\n\n');
}

function renderThroughput(t: ThroughputResult): string[] {
  const cpu = (s: number) => `${(s * 1000).toFixed(1)} CPU-ms/request`;
  return [
    `Throughput, ${t.requests} requests signed at once, in ${t.rounds} rounds alternating with the baseline's: ` +
      `${t.ours.completedPerSecond.toFixed(1)} completed/s (${t.ours.activityCallsPerWorkflow.toFixed(2)} activity ` +
      `calls each, ${cpu(t.ours.cpuSecondsPerRequest)}) vs baseline ${t.baseline.completedPerSecond.toFixed(1)}/s ` +
      `(${t.baseline.activityCalls} no-op activities, ${cpu(t.baseline.cpuSecondsPerRequest)}) → ${t.ratio.toFixed(2)}×`,
    `  per round: ${t.roundRatios.map((r) => `${r.toFixed(2)}×`).join(', ')}`,
    `  CPU by thread, ours: ${threadsText(t.ours.cpuSecondsPerRequestByThread)}`,
    `  CPU by thread, baseline: ${threadsText(t.baseline.cpuSecondsPerRequestByThread)}`,
    throughputLine(t),
    ...(t.profiles
      ? [
          ...profileSummary('CPU profile, ours', t.profiles.ours),
          ...profileSummary('CPU profile, baseline', t.profiles.baseline),
        ]
      : []),
  ];
}

function threadsText(threads: { thread: string; cpuS: number }[]): string {
  return threads.map((t) => `${t.thread} ${(t.cpuS * 1000).toFixed(1)} ms`).join(', ') || 'n/a';
}

/** The throughput run's one machine-readable line. */
export function throughputLine(t: ThroughputResult): string {
  return (
    `throughput: ratio=${t.ratio.toFixed(3)} ours_per_s=${t.ours.completedPerSecond.toFixed(2)} ` +
    `baseline_per_s=${t.baseline.completedPerSecond.toFixed(2)} ours_cpu_s_per_request=${t.ours.cpuSecondsPerRequest.toFixed(4)} ` +
    `baseline_cpu_s_per_request=${t.baseline.cpuSecondsPerRequest.toFixed(4)} cpu_ratio=${t.cpuRatio.toFixed(2)} ` +
    `cache=${t.workers.maxCachedWorkflows} eager=${t.workers.eagerActivityReservations} rounds=${t.rounds}`
  );
}

function renderLifetime(report: BenchReport): string[] {
  const header = [
    'mode (whole lives, virtual time)',
    'Box calls/req',
    'p50',
    'p95',
    'p99',
    'history events/wf',
    'real s',
  ];
  const rows = report.lifetime.map((m) => [
    m.label,
    m.boxCallsPerRequest.toFixed(1),
    seconds(m.detectionLatencyMs.p50),
    seconds(m.detectionLatencyMs.p95),
    seconds(m.detectionLatencyMs.p99),
    m.historyEvents.mean.toFixed(1),
    m.realDurationS.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const lost = report.lifetime.filter((m) => m.completed < m.requests);
  return [
    `Lifetime run: ${report.options.lifetimeRequests} requests per mode, signers at random times within ` +
      `${report.options.lifetimeWindowH} h of the invitation (time-skipping server; the emulator follows its clock)`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ...lost.map((m) => `  INCOMPLETE ${m.mode}: ${m.completed}/${m.requests} completed`),
  ];
}

/** A run where a signer could not sign or a workflow did not complete says so under the table. */
function incomplete(report: BenchReport): string[] {
  const lines = report.modes
    .filter((m) => m.completed < m.requests || m.signerErrors > 0)
    .map((m) => `  ${m.mode}: ${m.completed}/${m.requests} completed, ${m.signerErrors} signer errors`);
  const t = report.throughput;
  if (t && (t.ours.completed < t.requests || t.baseline.completed < t.requests)) {
    lines.push(
      `  throughput: ${t.ours.completed}/${t.requests} completed, baseline ${t.baseline.completed}/${t.requests}`,
    );
  }
  return lines.length === 0 ? [] : ['INCOMPLETE (figures cover completed workflows only):', ...lines];
}

function seconds(ms: number): string {
  return Number.isNaN(ms) ? 'n/a' : `${(ms / 1000).toFixed(2)} s`;
}
