import type { WorkflowService } from '@temporalio/client';
import type { Logger } from '../logging/logger';
import { quotaProblems } from '../quotas/quota-problems';
import type { QuotaScope, TaskQueueQuota } from '../quotas/sender-quotas';
import { readSenderQuotas } from '../quotas/sender-quotas';
import type { SenderRateLimits } from '../quotas/sender-rate-limits';

/**
 * At start the worker reads the per-sender limits Temporal holds on its task queues and warns, naming the command
 * that fixes it, when one is missing, differs from the settings, or a queue-wide limit caps all senders together. It
 * never stops the worker: the quotas belong to the deployment (`box-sign quotas apply`), not to one worker process.
 */
export async function checkSenderQuotas(
  service: WorkflowService,
  scope: QuotaScope,
  rates: SenderRateLimits,
  logger: Logger,
): Promise<void> {
  let quotas: TaskQueueQuota[];
  try {
    quotas = await readSenderQuotas(service, scope);
  } catch (err) {
    logger.warn('Could not read the per-sender quotas of the task queues', {
      taskQueue: scope.taskQueue,
      error: err instanceof Error ? err.message : String(err),
    });
    return;
  }
  for (const problem of quotaProblems(quotas, rates)) logger.warn(problem, { taskQueue: scope.taskQueue });
}
