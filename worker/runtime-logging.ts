import type { LogLevel as RuntimeLogLevel } from '@temporalio/worker';
import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import type { LogLevel, Logger } from '../logging/logger';

/**
 * Routes the SDK's own logs (worker lifecycle, activity and workflow logs, Core warnings) through our logger,
 * so that its redaction applies to them too. Once per process: the Runtime is a singleton.
 */
export function installRuntimeLogging(logger: Logger, level: LogLevel): void {
  Runtime.install({
    logger: new DefaultLogger(toRuntimeLevel(level), ({ level: entryLevel, message, meta }) =>
      logger[fromRuntimeLevel(entryLevel)](message, meta),
    ),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
}

function toRuntimeLevel(level: LogLevel): RuntimeLogLevel {
  return level.toUpperCase() as RuntimeLogLevel;
}

function fromRuntimeLevel(level: RuntimeLogLevel): LogLevel {
  if (level === 'TRACE') return 'debug';
  return level.toLowerCase() as LogLevel;
}
