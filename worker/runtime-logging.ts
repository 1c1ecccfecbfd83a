import type { LogEntry, LogLevel as RuntimeLogLevel } from '@temporalio/worker';
import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { boxWritesTaskQueue } from '../contracts';
import type { LogLevel, Logger } from '../logging/logger';

/**
 * Routes the SDK's own logs (worker lifecycle, activity and workflow logs, Core warnings) through our logger,
 * so that its redaction applies to them too. Once per process: the Runtime is a singleton.
 */
export function installRuntimeLogging(logger: Logger, level: LogLevel): void {
  Runtime.install({
    logger: new DefaultLogger(toRuntimeLevel(level), (entry) => logger[levelOf(entry)](entry.message, entry.meta)),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
}

/** The SDK's warning for a worker without workflows: by design for the writes queue's worker (activities only). */
export const NO_WORKFLOWS_WARNING = 'No workflows registered, not polling for workflow tasks';

/** The entry's own level, except for the one warning that is expected here, which is debug. */
export function levelOf(entry: Pick<LogEntry, 'level' | 'message' | 'meta'>): LogLevel {
  const taskQueue: unknown = entry.meta?.['taskQueue'];
  const writesQueue = typeof taskQueue === 'string' && taskQueue.endsWith(boxWritesTaskQueue(''));
  if (entry.message === NO_WORKFLOWS_WARNING && writesQueue) return 'debug';
  return fromRuntimeLevel(entry.level);
}

function toRuntimeLevel(level: LogLevel): RuntimeLogLevel {
  return level.toUpperCase() as RuntimeLogLevel;
}

function fromRuntimeLevel(level: RuntimeLogLevel): LogLevel {
  if (level === 'TRACE') return 'debug';
  return level.toLowerCase() as LogLevel;
}
