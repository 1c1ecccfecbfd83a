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

const SPECS = [
  { key: 'requests', flag: '--requests', env: 'BENCH_REQUESTS', fallback: 200 },
  { key: 'windowS', flag: '--window-s', env: 'BENCH_WINDOW_S', fallback: 60 },
  { key: 'throughput', flag: '--throughput', env: 'BENCH_THROUGHPUT', fallback: 1_000 },
  { key: 'fixedIntervalMs', flag: '--fixed-interval-ms', env: 'BENCH_FIXED_INTERVAL_MS', fallback: 60_000 },
  { key: 'lifetimeRequests', flag: '--lifetime-requests', env: 'BENCH_LIFETIME_REQUESTS', fallback: 20 },
  { key: 'lifetimeWindowH', flag: '--lifetime-window-h', env: 'BENCH_LIFETIME_WINDOW_H', fallback: 24 },
] as const;

export function benchOptions(argv: string[], env: NodeJS.ProcessEnv, defaultOutDir: string): BenchOptions {
  const problems: string[] = [];
  const values: Record<string, number> = {};
  for (const spec of SPECS) {
    const index = argv.indexOf(spec.flag);
    const raw = index >= 0 ? argv[index + 1] : env[spec.env];
    if (raw === undefined || raw === '') {
      values[spec.key] = spec.fallback;
      continue;
    }
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0)
      problems.push(`${spec.flag} (${spec.env}) must be a positive whole number`);
    values[spec.key] = value;
  }
  const outIndex = argv.indexOf('--out-dir');
  const outDir = (outIndex >= 0 ? argv[outIndex + 1] : env.BENCH_OUT_DIR) ?? defaultOutDir;
  if (problems.length > 0) throw new Error(problems.join('; '));
  return {
    requests: values.requests ?? 200,
    windowS: values.windowS ?? 60,
    throughput: values.throughput ?? 1_000,
    fixedIntervalMs: values.fixedIntervalMs ?? 60_000,
    lifetimeRequests: values.lifetimeRequests ?? 20,
    lifetimeWindowH: values.lifetimeWindowH ?? 24,
    outDir,
  };
}
