import type { NativeConnection } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { BoxSignApi } from '../box/sign-client';
import { createDataConverter } from '../config/data-converter';
import type { Logger } from '../logging/logger';

export interface SignWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  box: BoxSignApi;
  logger: Logger;
  shutdownGraceTimeMs?: number;
  maxConcurrentActivities?: number;
  /** A pre-built bundle (tests bundle once per file); otherwise the workflows are bundled at start. */
  workflowBundle?: { code: string };
}

export const WORKFLOWS_PATH = require.resolve('../workflows');

/** The one place a sign-request worker is assembled: the process entry point and the tests both use it. */
export async function createSignWorker(options: SignWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities({ box: options.box, logger: options.logger }),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    shutdownGraceTime: options.shutdownGraceTimeMs ?? 30_000,
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivities ?? 100,
    dataConverter: createDataConverter(),
  });
}
