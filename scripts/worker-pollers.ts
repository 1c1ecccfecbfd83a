import { Connection } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { boxWritesTaskQueue } from '../contracts';

/**
 * Idle pollers renew their long poll about once a minute, and Temporal keeps listing a poller for minutes after it
 * stopped: a poller last seen longer ago than this belongs to a worker that is gone or hung.
 */
export const POLLER_FRESH_MS = 90_000;

/**
 * Whether the worker with this pid polls both of its task queues (the queue's workflows, the writes queue's
 * activities), seen within `freshMs`. Workers are told apart by the SDK's default identity, `<pid>@<host>`.
 */
export async function workerPolls(
  temporalAddress: string,
  namespace: string,
  taskQueue: string,
  pid: number,
  freshMs: number = POLLER_FRESH_MS,
): Promise<boolean> {
  const connection = await Connection.connect({ address: temporalAddress, connectTimeout: 1_000 });
  try {
    const queues = [
      { name: taskQueue, type: 1 }, // TASK_QUEUE_TYPE_WORKFLOW
      { name: boxWritesTaskQueue(taskQueue), type: 2 }, // TASK_QUEUE_TYPE_ACTIVITY
    ];
    for (const queue of queues) {
      const response = await connection.workflowService.describeTaskQueue({
        namespace,
        taskQueue: { name: queue.name },
        taskQueueType: queue.type,
      });
      const fresh = (response.pollers ?? []).some(
        (poller) =>
          poller.identity?.startsWith(`${pid}@`) === true &&
          Date.now() - (optionalTsToMs(poller.lastAccessTime) ?? 0) < freshMs,
      );
      if (!fresh) return false;
    }
    return true;
  } finally {
    await connection.close();
  }
}
