import type { LogLevel as LogLevelName } from '@temporalio/worker';
import { DefaultLogger, NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { createBoxSignClient } from '../box/sign-client';
import type { LogLevel } from '../logging/logger';
import { createJsonLogger } from '../logging/logger';
import { loadWorkerConfig, WorkerConfigError } from './config';
import { createSignWorker } from './create-worker';

/** The long-running worker process. SIGINT/SIGTERM drain in-flight activities for the grace period, then exit. */
async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const logger = createJsonLogger('worker', config.logLevel);
  Runtime.install({
    logger: new DefaultLogger(toRuntimeLevel(config.logLevel), ({ level, message, meta }) =>
      logger[fromRuntimeLevel(level)](message, meta),
    ),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
  const connection = await NativeConnection.connect(config.temporal.connection);
  try {
    const worker = await createSignWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      box: createBoxSignClient(config.box, { logger }),
      logger,
      shutdownGraceTimeMs: config.shutdownGraceTimeMs,
      maxConcurrentActivities: config.maxConcurrentActivities,
    });
    logger.info('Worker started', { namespace: config.temporal.namespace, taskQueue: config.temporal.taskQueue });
    await worker.run();
    logger.info('Worker stopped');
  } finally {
    await connection.close();
  }
}

function toRuntimeLevel(level: LogLevel): LogLevelName {
  return level.toUpperCase() as LogLevelName;
}

function fromRuntimeLevel(level: LogLevelName): LogLevel {
  if (level === 'TRACE') return 'debug';
  return level.toLowerCase() as LogLevel;
}

main().catch((err: unknown) => {
  if (err instanceof WorkerConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`Worker failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
