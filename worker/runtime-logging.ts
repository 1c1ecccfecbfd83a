import type { LogEntry, MetricsExporterConfig, LogLevel as RuntimeLogLevel } from '@temporalio/worker';
import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { boxWritesTaskQueue, callbacksTaskQueue } from '../contracts';
import type { LogLevel, Logger } from '../logging/logger';
import { LATENCY_BUCKETS_SECONDS, METRICS, REQUEST_DURATION_BUCKETS_SECONDS } from '../metrics/names';

/**
 * Routes the SDK's own logs (worker lifecycle, activity and workflow logs, Core warnings) through our logger,
 * so that its redaction applies to them too, and, given an address, exports the SDK's metrics (with the business
 * metrics made through Temporal's meter) in Prometheus's format there. Once per process: the Runtime is a singleton.
 */
export function installRuntimeLogging(logger: Logger, level: LogLevel, prometheusAddress?: string): void {
  Runtime.install({
    logger: new DefaultLogger(toRuntimeLevel(level), (entry) => logger[levelOf(entry)](entry.message, entry.meta)),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} },
      ...(prometheusAddress === undefined ? {} : { metrics: prometheusMetrics(prometheusAddress) }),
    },
  });
}

/** Prometheus conventions: `_total` on counters, durations in seconds, buckets that suit our histograms. */
function prometheusMetrics(bindAddress: string): MetricsExporterConfig {
  return {
    prometheus: {
      bindAddress,
      countersTotalSuffix: true,
      useSecondsForDurations: true,
      histogramBucketOverrides: {
        [METRICS.boxCallDuration.name]: LATENCY_BUCKETS_SECONDS,
        [METRICS.requestDuration.name]: REQUEST_DURATION_BUCKETS_SECONDS,
      },
    },
  };
}

/** The SDK's warning for a worker without workflows: by design for the writes and callbacks queues' workers. */
export const NO_WORKFLOWS_WARNING = 'No workflows registered, not polling for workflow tasks';

/** The entry's own level, except for the one warning that is expected here, which is debug. */
export function levelOf(entry: Pick<LogEntry, 'level' | 'message' | 'meta'>): LogLevel {
  const taskQueue: unknown = entry.meta?.['taskQueue'];
  const activitiesOnly =
    typeof taskQueue === 'string' &&
    (taskQueue.endsWith(boxWritesTaskQueue('')) || taskQueue.endsWith(callbacksTaskQueue('')));
  if (entry.message === NO_WORKFLOWS_WARNING && activitiesOnly) return 'debug';
  return fromRuntimeLevel(entry.level);
}

function toRuntimeLevel(level: LogLevel): RuntimeLogLevel {
  return level.toUpperCase() as RuntimeLogLevel;
}

function fromRuntimeLevel(level: RuntimeLogLevel): LogLevel {
  if (level === 'TRACE') return 'debug';
  return level.toLowerCase() as LogLevel;
}
