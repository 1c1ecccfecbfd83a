import type { WorkflowService } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { boxWritesTaskQueue } from '../contracts';
import type { SenderRateLimits } from './sender-rate-limits';
import { perSecond } from './sender-rate-limits';

/**
 * Box's quotas are per user, so Temporal holds them per sender: every Box activity carries the sender as its fairness
 * key (workflows/activity-stubs.ts) and each task queue that runs Box calls gets a rate limit per fairness key. The
 * Temporal server enforces it for all workers together. There is no queue-wide limit: it would cap all senders
 * together, and Box has none across users.
 */

/** The documented production command (docs/operations.md); the worker names it when a quota is missing. */
export const QUOTAS_APPLY_COMMAND = 'box-sign quotas apply';

const { TASK_QUEUE_TYPE_ACTIVITY } = temporal.api.enums.v1.TaskQueueType;

/** Which of Box's per-user quotas a task queue holds. */
export type QuotaRole = 'writes' | 'reads';

export interface QuotaTarget {
  role: QuotaRole;
  taskQueue: string;
  /** The Box calls this queue runs, for people reading `quotas show`. */
  calls: string;
  perSenderPerSecond: number;
  /** Why: the setting it comes from and Box's own number; Temporal keeps it with the config. */
  reason: string;
}

/** What a task queue's activity side has now. `null`: no limit set through the API. */
export interface TaskQueueQuota {
  role: QuotaRole;
  taskQueue: string;
  calls: string;
  perSenderPerSecond: number | null;
  queueWidePerSecond: number | null;
  reason: string | null;
  updatedAt: string | null;
}

export interface QuotaScope {
  namespace: string;
  /** The worker's task queue; its writes queue is derived from it. */
  taskQueue: string;
}

/** The two queues that run Box calls: creates and resends on the writes queue, the rest on the main queue. */
function quotaQueues(taskQueue: string): Pick<QuotaTarget, 'role' | 'taskQueue' | 'calls'>[] {
  return [
    { role: 'writes', taskQueue: boxWritesTaskQueue(taskQueue), calls: 'create, resend' },
    { role: 'reads', taskQueue, calls: 'polls, webhook confirmations, cancel, adoption look-up' },
  ];
}

/** Each queue's per-sender rate, from the settings. */
export function quotaTargets(taskQueue: string, rates: SenderRateLimits): QuotaTarget[] {
  return quotaQueues(taskQueue).map((queue) =>
    queue.role === 'writes'
      ? {
          ...queue,
          perSenderPerSecond: perSecond(rates.writesPerMinute),
          reason: `box-sign: BOX_WRITE_RATE_PER_MINUTE=${rates.writesPerMinute} per sender (Box: 100 creates + resends)`,
        }
      : {
          ...queue,
          perSenderPerSecond: perSecond(rates.readsPerMinute),
          reason: `box-sign: BOX_READ_RATE_PER_MINUTE=${rates.readsPerMinute} per sender (Box: 1000 gets)`,
        },
  );
}

/** Sets each queue's per-sender limit and removes any queue-wide one; returns what the server now has. */
export async function applySenderQuotas(
  service: WorkflowService,
  scope: QuotaScope,
  rates: SenderRateLimits,
  identity: string,
): Promise<TaskQueueQuota[]> {
  const applied: TaskQueueQuota[] = [];
  for (const target of quotaTargets(scope.taskQueue, rates)) {
    const response = await service.updateTaskQueueConfig({
      namespace: scope.namespace,
      identity,
      taskQueue: target.taskQueue,
      taskQueueType: TASK_QUEUE_TYPE_ACTIVITY,
      updateFairnessKeyRateLimitDefault: {
        rateLimit: { requestsPerSecond: target.perSenderPerSecond },
        reason: target.reason,
      },
      // A RateLimitUpdate without a rate removes the limit.
      updateQueueRateLimit: { reason: 'box-sign: no queue-wide limit, it would cap all senders together' },
    });
    applied.push(toQuota(target, response.config));
  }
  return applied;
}

/** What the server has on both queues now (nothing set: nulls). */
export async function readSenderQuotas(service: WorkflowService, scope: QuotaScope): Promise<TaskQueueQuota[]> {
  const quotas: TaskQueueQuota[] = [];
  for (const queue of quotaQueues(scope.taskQueue)) {
    const response = await service.describeTaskQueue({
      namespace: scope.namespace,
      taskQueue: { name: queue.taskQueue },
      taskQueueType: TASK_QUEUE_TYPE_ACTIVITY,
      reportConfig: true,
    });
    quotas.push(toQuota(queue, response.config));
  }
  return quotas;
}

/** A rate per second as people read it: a minute's worth, to 2 decimals (90, 900, 1.5). */
export function perMinute(perSecondRate: number): number {
  return Math.round(perSecondRate * 6000) / 100;
}

/** Rates travel as 32-bit floats: 100/60 comes back as 1.6666666269… */
export function sameRate(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
}

function toQuota(
  target: Pick<QuotaTarget, 'role' | 'taskQueue' | 'calls'>,
  config: temporal.api.taskqueue.v1.ITaskQueueConfig | null | undefined,
): TaskQueueQuota {
  const perSender = config?.fairnessKeysRateLimitDefault;
  const queueWide = config?.queueRateLimit;
  const updated = optionalTsToMs(perSender?.metadata?.updateTime ?? undefined);
  return {
    role: target.role,
    taskQueue: target.taskQueue,
    calls: target.calls,
    perSenderPerSecond: perSender?.rateLimit ? (perSender.rateLimit.requestsPerSecond ?? 0) : null,
    queueWidePerSecond: queueWide?.rateLimit ? (queueWide.rateLimit.requestsPerSecond ?? 0) : null,
    reason: perSender?.metadata?.reason || null,
    updatedAt: updated === undefined ? null : new Date(updated).toISOString(),
  };
}
