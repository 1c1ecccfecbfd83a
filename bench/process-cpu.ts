import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

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
