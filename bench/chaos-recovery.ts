import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Recovery } from '../scripts/activity-recovery';
import type { TargetCheck } from './target-check';

/**
 * `npm run chaos` measures how long the activities a killed worker had in flight take to run again; it writes the
 * figure to bench/results/chaos-<time>.json, and `npm run bench` prints the latest one beside its own targets, so
 * that the four targets read in one place (the chaos run is the only one that kills a worker).
 */
export interface ChaosRecoveryResult {
  ranAt: string;
  requests: number;
  /** Per crash: activities in flight, creates queued on the writes queue at the kill, the slowest recovery. */
  crashes: { inFlight: number; writesBacklog: string; p100S: number | null }[];
  /** The slowest over every crash, and per activity type; null: one did not run again within the wait. */
  p100S: number | null;
  p100SByType: Record<string, number | null>;
}

/** Issue 23: every in-flight activity runs again within this many seconds of the kill. */
export const RECOVERY_TARGET_S = 30;

/** The slowest recovery, or null when one never ran again (within the watch). */
export function slowestRecovery(recoveries: Recovery[]): number | null {
  if (recoveries.some((r) => r.seconds === null)) return null;
  return recoveries.length === 0 ? 0 : Math.max(...recoveries.map((r) => r.seconds ?? 0));
}

export function chaosRecoveryResult(
  ranAt: Date,
  requests: number,
  crashes: { recoveries: Recovery[]; writesBacklog: string }[],
): ChaosRecoveryResult {
  const all = crashes.flatMap((c) => c.recoveries);
  const types = [...new Set(all.map((r) => r.activityType))].sort();
  return {
    ranAt: ranAt.toISOString(),
    requests,
    crashes: crashes.map((c) => ({
      inFlight: c.recoveries.length,
      writesBacklog: c.writesBacklog,
      p100S: slowestRecovery(c.recoveries),
    })),
    p100S: slowestRecovery(all),
    p100SByType: Object.fromEntries(
      types.map((type) => [type, slowestRecovery(all.filter((r) => r.activityType === type))]),
    ),
  };
}

export function writeChaosRecovery(dir: string, result: ChaosRecoveryResult): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `chaos-${result.ranAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/** The newest chaos result in `dir` (names sort by time), with its file name; undefined when there is none. */
export function latestChaosRecovery(dir: string): { file: string; result: ChaosRecoveryResult } | undefined {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => /^chaos-.*\.json$/.test(name));
  } catch {
    return undefined;
  }
  const file = names.sort().at(-1);
  if (file === undefined) return undefined;
  return { file, result: JSON.parse(readFileSync(join(dir, file), 'utf8')) as ChaosRecoveryResult };
}

export function recoveryCheck(file: string, r: ChaosRecoveryResult): TargetCheck {
  const s = (v: number | null) => (v === null ? 'not within the watch' : `${v.toFixed(1)} s`);
  const byType = Object.entries(r.p100SByType)
    .map(([type, v]) => `${type} ${s(v)}`)
    .join(', ');
  const inFlight = r.crashes.map((c) => `${c.inFlight} in flight, ${c.writesBacklog} creates queued`).join('; ');
  return {
    target: `recovery after kill -9: every in-flight activity runs again within ${RECOVERY_TARGET_S} s (npm run chaos, ${file})`,
    figure: `p100 ${s(r.p100S)} (${byType}; ${inFlight})`,
    met: r.p100S !== null && r.p100S <= RECOVERY_TARGET_S,
  };
}
