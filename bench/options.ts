import { positiveNumberFlags } from '../cli/command-line';
import { WORKER_SETTINGS } from '../config/settings/worker';

/** The bench's parts, in the order it runs them; `--only` picks some (default: all). */
export const BENCH_PARTS = ['latency', 'throughput', 'senders', 'evidence', 'open', 'lifetime'] as const;
export type BenchPart = (typeof BENCH_PARTS)[number];

/**
 * `npm run bench -- --only senders,open --requests 200 --window-s 60 --throughput 1000 …` (or BENCH_* env):
 * see SPECS for every flag and docs/performance.md for what each part measures.
 */
export interface BenchOptions {
  /** The parts to run (`--only latency,throughput,senders,open,lifetime`, BENCH_ONLY); default all. */
  only: BenchPart[];
  /** A running Temporal to use instead of a dev server of the bench's own (`--cluster`: the local cluster's). */
  temporalAddress?: string;
  /** N: requests per latency mode. */
  requests: number;
  /** Signers sign at uniformly random times within this many seconds of the window opening (all requests created and polled once). */
  windowS: number;
  /** M: requests in the throughput run (and baseline workflows), over all its rounds. */
  throughput: number;
  /** The throughput run alternates this many rounds of ours and of the baseline (M / rounds each). */
  throughputRounds: number;
  /** X: the fixed-interval mode's polling interval (Temporal's polling/infrequent sample polls every 60 s). */
  fixedIntervalMs: number;
  /** Requests per mode in the lifetime run (virtual time). */
  lifetimeRequests: number;
  /** The lifetime run's signers sign at uniformly random times within this many hours of the invitation. */
  lifetimeWindowH: number;
  /** The emulator's per-user create + resend quota in the senders and open runs (gets: 10×, Box's ratio). */
  senderQuota: number;
  /** Sender A's bulk, in minutes of its quota (bulk = this × senderQuota). */
  bulkMinutes: number;
  /** Requests each of senders B and C starts while A drains. */
  smallRequests: number;
  /** B and C start this many seconds after A. */
  smallDelayS: number;
  /**
   * Workflows each worker of the throughput and open runs caches (WORKER_MAX_CACHED_WORKFLOWS), the sign-request
   * worker and the baseline's alike; default the worker's own default.
   */
  maxCachedWorkflows: number;
  /** Requests held open by one worker in the open run, spread over `openSenders`. */
  openRequests: number;
  /** The open run measures the same worker holding this many first, then `openRequests` (its ratio target). */
  openFirstRequests: number;
  openSenders: number;
  /** How long the open run holds them once all exist on Box. */
  openHoldS: number;
  /** With it, the open run writes a heap snapshot of each worker thread after each phase's GC here. */
  openHeapSnapshotDir?: string;
  /** Where the JSON result goes. */
  outDir: string;
  /** With it, the throughput run's two workers write V8 CPU profiles here (`--cpu-prof`) and the bench prints their top functions. */
  cpuProfDir?: string;
}

const SPECS = {
  requests: { flag: '--requests', env: 'BENCH_REQUESTS', fallback: 200 },
  windowS: { flag: '--window-s', env: 'BENCH_WINDOW_S', fallback: 60 },
  throughput: { flag: '--throughput', env: 'BENCH_THROUGHPUT', fallback: 1_000 },
  throughputRounds: { flag: '--throughput-rounds', env: 'BENCH_THROUGHPUT_ROUNDS', fallback: 5 },
  fixedIntervalMs: { flag: '--fixed-interval-ms', env: 'BENCH_FIXED_INTERVAL_MS', fallback: 60_000 },
  lifetimeRequests: { flag: '--lifetime-requests', env: 'BENCH_LIFETIME_REQUESTS', fallback: 20 },
  lifetimeWindowH: { flag: '--lifetime-window-h', env: 'BENCH_LIFETIME_WINDOW_H', fallback: 24 },
  senderQuota: { flag: '--sender-quota', env: 'BENCH_SENDER_QUOTA', fallback: 100 },
  bulkMinutes: { flag: '--bulk-minutes', env: 'BENCH_BULK_MINUTES', fallback: 5 },
  smallRequests: { flag: '--small-requests', env: 'BENCH_SMALL_REQUESTS', fallback: 20 },
  smallDelayS: { flag: '--small-delay-s', env: 'BENCH_SMALL_DELAY_S', fallback: 20 },
  maxCachedWorkflows: {
    flag: '--cache',
    env: 'BENCH_MAX_CACHED_WORKFLOWS',
    fallback: WORKER_SETTINGS.WORKER_MAX_CACHED_WORKFLOWS.default,
  },
  openRequests: { flag: '--open-requests', env: 'BENCH_OPEN_REQUESTS', fallback: 5_000 },
  openFirstRequests: { flag: '--open-first-requests', env: 'BENCH_OPEN_FIRST_REQUESTS', fallback: 1_000 },
  openSenders: { flag: '--open-senders', env: 'BENCH_OPEN_SENDERS', fallback: 50 },
  openHoldS: { flag: '--open-hold-s', env: 'BENCH_OPEN_HOLD_S', fallback: 240 },
};

export function benchOptions(argv: string[], env: NodeJS.ProcessEnv, defaultOutDir: string): BenchOptions {
  const { numbers, strings } = positiveNumberFlags('bench', argv, env, SPECS, {
    outDir: { flag: '--out-dir', description: 'where the JSON result goes (BENCH_OUT_DIR; default bench/results)' },
    cpuProfDir: {
      flag: '--cpu-prof-dir',
      description: 'the throughput run’s workers write V8 CPU profiles here (BENCH_CPU_PROF_DIR; default none)',
    },
    temporalAddress: {
      flag: '--temporal-address',
      description:
        'use this Temporal frontend instead of a dev server (BENCH_TEMPORAL_ADDRESS; --cluster: the local cluster)',
    },
    openHeapSnapshotDir: {
      flag: '--open-heap-snapshot-dir',
      description:
        'the open run writes a heap snapshot of each worker thread after each phase here (BENCH_OPEN_HEAP_SNAPSHOT_DIR; default none)',
    },
    only: {
      flag: '--only',
      description: `the parts to run, comma-separated (BENCH_ONLY; default ${BENCH_PARTS.join(',')})`,
    },
  });
  const cpuProfDir = strings.cpuProfDir ?? env.BENCH_CPU_PROF_DIR;
  const temporalAddress = strings.temporalAddress ?? env.BENCH_TEMPORAL_ADDRESS;
  const openHeapSnapshotDir = strings.openHeapSnapshotDir ?? env.BENCH_OPEN_HEAP_SNAPSHOT_DIR;
  if (numbers.openFirstRequests > numbers.openRequests) {
    throw new Error('--open-first-requests (BENCH_OPEN_FIRST_REQUESTS) must not exceed --open-requests');
  }
  return {
    ...numbers,
    only: benchParts(strings.only ?? env.BENCH_ONLY),
    outDir: strings.outDir ?? env.BENCH_OUT_DIR ?? defaultOutDir,
    ...(cpuProfDir === undefined || cpuProfDir === '' ? {} : { cpuProfDir }),
    ...(temporalAddress === undefined || temporalAddress === '' ? {} : { temporalAddress }),
    ...(openHeapSnapshotDir === undefined || openHeapSnapshotDir === '' ? {} : { openHeapSnapshotDir }),
  };
}

/** `senders,open` → those parts in the bench's order; absent or empty → all. Throws on a name it does not know. */
export function benchParts(text: string | undefined): BenchPart[] {
  const named = (text ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (named.length === 0) return [...BENCH_PARTS];
  const unknown = named.filter((name) => !(BENCH_PARTS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(`--only (BENCH_ONLY): unknown part ${unknown.join(', ')}; the parts are ${BENCH_PARTS.join(', ')}`);
  }
  return BENCH_PARTS.filter((part) => named.includes(part));
}
