import { Connection } from '@temporalio/client';
import { SettingsReader } from '../../config/reader';
import { applySenderQuotas, perMinute } from '../../quotas/sender-quotas';
import { readSenderRateLimits } from '../../quotas/sender-rate-limits';
import { workerEnv } from './environments';
import type { StackInfo } from './info';

/**
 * The per-sender quotas on the stack's task queues, from the worker's own settings, before the worker starts (it warns
 * when they are missing): what `box-sign quotas apply` does for a production namespace.
 */
export async function applyStackQuotas(info: StackInfo): Promise<string> {
  const reader = new SettingsReader(workerEnv(info), 'worker');
  const rates = reader.finish('worker rate settings', () => readSenderRateLimits(reader));
  const connection = await Connection.connect({ address: info.temporalAddress });
  try {
    const scope = { namespace: info.namespace, taskQueue: info.taskQueue };
    const applied = await applySenderQuotas(connection.workflowService, scope, rates, 'stack:up');
    return applied.map((q) => `${perMinute(q.perSenderPerSecond ?? 0)}/min on ${q.taskQueue}`).join(', ');
  } finally {
    await connection.close();
  }
}
