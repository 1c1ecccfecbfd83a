import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time a process has used (user + system, all its threads: the worker's workflow threads and the SDK's Rust
 * core included), from Linux's /proc/<pid>/stat, in clock ticks: fields 14 (utime) and 15 (stime). The command
 * name (field 2) is in parentheses and may hold spaces, so the fields are counted after its closing one.
 */
export function cpuTicksFromStat(stat: string): number {
  const afterName = stat
    .slice(stat.lastIndexOf(')') + 1)
    .trim()
    .split(/\s+/);
  // afterName[0] is field 3 (state): field n is afterName[n - 3].
  const utime = Number(afterName[11]);
  const stime = Number(afterName[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('not a /proc/<pid>/stat line');
  return utime + stime;
}

let ticksPerSecond: number | undefined;

/** `getconf CLK_TCK` (100 on Linux almost everywhere), read once. */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      const answer = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
      ticksPerSecond = Number.isInteger(answer) && answer > 0 ? answer : 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU-seconds used by `pid` so far; NaN when it cannot be read (not Linux, or the process has gone). */
export function processCpuSeconds(pid: number | undefined): number {
  if (pid === undefined || pid <= 0) return NaN;
  try {
    return cpuTicksFromStat(readFileSync(`/proc/${pid}/stat`, 'utf8')) / clockTicksPerSecond();
  } catch {
    return NaN;
  }
}

/** CPU-seconds used over `seconds` of wall-clock time. */
export interface CpuSpan {
  cpuS: number;
  seconds: number;
}

/** CPU-seconds per hour of wall-clock time per 1,000 of what was held (requests). */
export function cpuSecondsPerHourPer1000(span: CpuSpan, held: number): number {
  return span.cpuS / (span.seconds / 3600) / (held / 1000);
}

/** The command name of a /proc/<pid>/task/<tid>/stat line: field 2, between the first '(' and the last ')'. */
export function threadNameFromStat(stat: string): string {
  return stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
}

/**
 * CPU-seconds so far of each of a process's threads, summed by thread name (`node`: the main JavaScript thread and
 * the workflow thread share it; `tokio-runtime-w`: the SDK's Rust core; `V8 DefaultWorke`: V8's background GC and
 * compilation; `libuv-worker`: the thread pool). Threads that ended before the read are missing: compare two reads
 * of a process whose threads live as long as it does (a worker's). Empty when /proc cannot be read.
 */
export function threadCpuSecondsByName(pid: number | undefined): Record<string, number> {
  const byName: Record<string, number> = {};
  if (pid === undefined || pid <= 0) return byName;
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return byName;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = threadNameFromStat(stat);
      byName[name] = (byName[name] ?? 0) + cpuTicksFromStat(stat) / clockTicksPerSecond();
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return byName;
}

/** What each thread name used between two reads (`after - before`), largest first; names absent before count from 0. */
export function threadCpuDelta(
  before: Record<string, number>,
  after: Record<string, number>,
): { thread: string; cpuS: number }[] {
  return Object.entries(after)
    .map(([thread, cpuS]) => ({ thread, cpuS: cpuS - (before[thread] ?? 0) }))
    .filter((entry) => entry.cpuS > 0)
    .sort((a, b) => b.cpuS - a.cpuS);
}
