import { ConfigError, loadBoxConfig } from '../box/config';
import type { BoxClientConfig } from '../box/config';
import type { TemporalConfig } from '../config/temporal';
import { loadTemporalConfig } from '../config/temporal';
import type { LogLevel } from '../logging/logger';
import { parseLogLevel } from '../logging/logger';

export class WorkerConfigError extends Error {
  override readonly name = 'WorkerConfigError';
  constructor(readonly problems: string[]) {
    super(['Invalid worker configuration:', ...problems.map((p) => `- ${p}`)].join('\n'));
  }
}

export interface WorkerConfig {
  temporal: TemporalConfig;
  box: BoxClientConfig;
  logLevel: LogLevel;
  /** How long in-flight activities get to finish on SIGINT/SIGTERM before they are cancelled. */
  shutdownGraceTimeMs: number;
  maxConcurrentActivities: number;
}

/** Reads everything at once and reports every missing or malformed setting in one message. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const problems: string[] = [];
  const attempt = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (err) {
      if (err instanceof ConfigError) problems.push(...err.problems);
      else problems.push(err instanceof Error ? err.message : String(err));
      return undefined;
    }
  };
  const box = attempt(() => loadBoxConfig(env));
  const temporal = attempt(() => loadTemporalConfig(env));
  const shutdownGraceTimeMs = positiveInteger(env, 'WORKER_SHUTDOWN_GRACE_MS', 30_000, problems);
  const maxConcurrentActivities = positiveInteger(env, 'WORKER_MAX_CONCURRENT_ACTIVITIES', 100, problems);
  if (env.LOG_LEVEL !== undefined && !['debug', 'info', 'warn', 'error'].includes(env.LOG_LEVEL)) {
    problems.push('LOG_LEVEL must be debug, info, warn or error');
  }
  if (problems.length > 0 || box === undefined || temporal === undefined) throw new WorkerConfigError(problems);
  return { box, temporal, logLevel: parseLogLevel(env.LOG_LEVEL), shutdownGraceTimeMs, maxConcurrentActivities };
}

function positiveInteger(env: NodeJS.ProcessEnv, key: string, fallback: number, problems: string[]): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    problems.push(`${key} must be a positive whole number`);
    return fallback;
  }
  return value;
}
