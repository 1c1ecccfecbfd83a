import { Connection } from '@temporalio/client';
import type { SetCurrentResult } from '../deployment/current-version';
import { setCurrentVersion } from '../deployment/current-version';

/**
 * What an operator does after starting a worker (`box-sign deployment set-current`), for the workers the scripts
 * start (local stack, chaos, bench, child-process suites): the version the worker with this pid polls as — read from
 * its poller on the task queue, so nothing has to predict the build id — becomes its deployment's current version.
 * Null when that worker runs unversioned. Call it once the worker polls (workerPolls).
 */
export async function makeWorkerCurrent(
  temporalAddress: string,
  namespace: string,
  taskQueue: string,
  pid: number,
  identity: string,
): Promise<SetCurrentResult | null> {
  const connection = await Connection.connect({ address: temporalAddress, connectTimeout: 1_000 });
  try {
    const service = connection.workflowService;
    const { pollers } = await service.describeTaskQueue({
      namespace,
      taskQueue: { name: taskQueue },
      taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
    });
    const options = (pollers ?? []).find((poller) => poller.identity?.startsWith(`${pid}@`))?.deploymentOptions;
    if (!options?.deploymentName || !options.buildId) return null;
    return await setCurrentVersion(service, { namespace, deploymentName: options.deploymentName }, options.buildId, {
      identity,
      waitMs: 60_000,
    });
  } finally {
    await connection.close();
  }
}
