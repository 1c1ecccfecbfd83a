import { readFileSync } from 'node:fs';

/** Nearest-rank percentile of `values` (milliseconds, counts…); NaN for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? NaN;
}

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentiles(values: number[]): Percentiles {
  return {
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: percentile(values, 100),
  };
}

export function mean(values: number[]): number {
  return values.length === 0 ? NaN : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** The most calls in any 60-second window: what Box's per-minute limits would see. */
export function peakPerMinute(timesMs: number[]): number {
  return peakInWindow(timesMs, 60_000);
}

/** The most calls in any window of `windowMs` (a short one shows bursts a per-minute figure averages out). */
export function peakInWindow(timesMs: number[], windowMs: number): number {
  const sorted = [...timesMs].sort((a, b) => a - b);
  let peak = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= windowMs) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

/**
 * Samples a process's resident set size (Linux /proc) until stopped and keeps the largest: the workload's peak,
 * after start-up (the worker bundles its workflows with webpack when it starts, which would dwarf it).
 */
export class RssSampler {
  private peakKb = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    everyMs = 250,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peakKb * 1024;
  }

  private sample(): void {
    try {
      const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      if (match?.[1]) this.peakKb = Math.max(this.peakKb, Number(match[1]));
    } catch {
      // Not Linux, or the process has gone: the peak so far stands.
    }
  }
}

/** A process's resident set size now (Linux /proc), in bytes; NaN when it cannot be read. */
export function currentRssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * The part of a process's RSS that is file-backed (Linux /proc `RssFile`: the node binary's and native addons' code
 * pages, which no heap accounts for); NaN when it cannot be read.
 */
export function fileBackedRssBytes(pid: number): number {
  try {
    const match = /^RssFile:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}
