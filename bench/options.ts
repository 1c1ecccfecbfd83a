import { positiveNumberFlags } from '../scripts/command-line';

/**
 * `npm run bench -- --requests 200 --window-s 60 --throughput 1000 --fixed-interval-ms 60000 --lifetime-requests 20
 * --lifetime-window-h 24` (or BENCH_* env).
 */
export interface BenchOptions {
  /** N: requests per latency mode. */
  requests: number;
  /** Signers sign at uniformly random times within this many seconds of the window opening (all requests created and polled once). */
  windowS: number;
  /** M: requests in the throughput run (and baseline workflows). */
  throughput: number;
  /** X: the fixed-interval mode's polling interval (Temporal's polling/infrequent sample polls every 60 s). */
  fixedIntervalMs: number;
  /** Requests per mode in the lifetime run (virtual time). */
  lifetimeRequests: number;
  /** The lifetime run's signers sign at uniformly random times within this many hours of the invitation. */
  lifetimeWindowH: number;
  /** Where the JSON result goes. */
  outDir: string;
}

const SPECS = {
  requests: { flag: '--requests', env: 'BENCH_REQUESTS', fallback: 200 },
  windowS: { flag: '--window-s', env: 'BENCH_WINDOW_S', fallback: 60 },
  throughput: { flag: '--throughput', env: 'BENCH_THROUGHPUT', fallback: 1_000 },
  fixedIntervalMs: { flag: '--fixed-interval-ms', env: 'BENCH_FIXED_INTERVAL_MS', fallback: 60_000 },
  lifetimeRequests: { flag: '--lifetime-requests', env: 'BENCH_LIFETIME_REQUESTS', fallback: 20 },
  lifetimeWindowH: { flag: '--lifetime-window-h', env: 'BENCH_LIFETIME_WINDOW_H', fallback: 24 },
};

export function benchOptions(argv: string[], env: NodeJS.ProcessEnv, defaultOutDir: string): BenchOptions {
  const { numbers, strings } = positiveNumberFlags('bench', argv, env, SPECS, {
    outDir: { flag: '--out-dir', description: 'where the JSON result goes (BENCH_OUT_DIR; default bench/results)' },
  });
  return { ...numbers, outDir: strings.outDir ?? env.BENCH_OUT_DIR ?? defaultOutDir };
}
