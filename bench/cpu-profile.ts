import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of a V8 `.cpuprofile` (node --cpu-prof) the summary reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time of one place in the code, over one or more profiles. */
export interface ProfileEntry {
  /** `functionName (file:line)`, or V8's own names: `(garbage collector)`, `(program)`, `(idle)`. */
  where: string;
  /** Where the code comes from: `@temporalio/worker`, another package, `node:` internals, `ours`, or `v8`. */
  origin: string;
  selfMs: number;
}

/**
 * Self time per function over the given profiles (one per thread: the main thread and the workflow thread each
 * write one), largest first. Each sample is charged the time until the next one (`timeDeltas[i + 1]`), as Chrome's
 * profiler does; `(idle)` is dropped, so the shares are of time the thread was busy.
 */
export function selfTimes(profiles: CpuProfile[]): ProfileEntry[] {
  const byWhere = new Map<string, ProfileEntry>();
  for (const profile of profiles) {
    const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
    profile.samples.forEach((id, i) => {
      const frame = nodes.get(id);
      if (frame === undefined || frame.functionName === '(idle)') return;
      const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      const where =
        frame.url === ''
          ? frame.functionName
          : `${frame.functionName || '(anonymous)'} (${shortUrl(frame.url)}:${frame.lineNumber + 1})`;
      const entry = byWhere.get(where) ?? { where, origin: originOf(frame), selfMs: 0 };
      entry.selfMs += ms;
      byWhere.set(where, entry);
    });
  }
  return [...byWhere.values()].sort((a, b) => b.selfMs - a.selfMs);
}

/** Self time summed by origin (selfTimes' `origin`), largest first. */
export function byOrigin(entries: ProfileEntry[]): { origin: string; selfMs: number }[] {
  const sums = new Map<string, number>();
  for (const entry of entries) sums.set(entry.origin, (sums.get(entry.origin) ?? 0) + entry.selfMs);
  return [...sums.entries()].map(([origin, selfMs]) => ({ origin, selfMs })).sort((a, b) => b.selfMs - a.selfMs);
}

function originOf(frame: { functionName: string; url: string }): string {
  if (frame.url === '') return 'v8';
  if (frame.url.startsWith('node:')) return 'node';
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url);
  if (inPackage?.[1]) return inPackage[1];
  // The workflow bundle is one file: webpack's modules of ours and of the SDK's workflow package together.
  if (/workflow-bundle/.test(frame.url)) return 'workflow bundle';
  return 'ours';
}

function shortUrl(url: string): string {
  const inPackage = /node_modules\/(.*)$/.exec(url);
  if (inPackage?.[1]) return inPackage[1];
  const ours = /\/lib\/(.*)$/.exec(url);
  return ours?.[1] ?? url.replace(/^file:\/\//, '');
}

/** Every `.cpuprofile` in `dir` (none when it does not exist). */
export function readProfiles(dir: string): CpuProfile[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
  } catch {
    return [];
  }
  return names.map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as CpuProfile);
}

/** The top lines of a profile summary: by origin, then the `top` functions, each with its share of busy time. */
export function profileSummary(label: string, entries: ProfileEntry[], top = 12): string[] {
  const total = entries.reduce((sum, entry) => sum + entry.selfMs, 0);
  if (total === 0) return [`${label}: no CPU profile`];
  const share = (ms: number) => `${((ms / total) * 100).toFixed(1)}%`;
  return [
    `${label}: ${(total / 1000).toFixed(1)} s of JavaScript-thread CPU sampled; by origin: ` +
      byOrigin(entries)
        .slice(0, 8)
        .map((o) => `${o.origin} ${share(o.selfMs)}`)
        .join(', '),
    ...entries.slice(0, top).map((e) => `  ${share(e.selfMs).padStart(6)} ${e.where} [${e.origin}]`),
  ];
}
