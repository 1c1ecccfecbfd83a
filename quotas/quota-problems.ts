import { WORKER_SETTINGS } from '../config/settings/worker';
import type { SenderRateLimits } from './sender-rate-limits';
import { perSecond } from './sender-rate-limits';
import type { TaskQueueQuota } from './sender-quotas';
import { QUOTAS_APPLY_COMMAND, perMinute, sameRate } from './sender-quotas';

/** What is wrong with the quotas Temporal holds, one sentence each, naming the command that fixes it. */
export function quotaProblems(quotas: TaskQueueQuota[], rates: SenderRateLimits): string[] {
  const problems: string[] = [];
  for (const quota of quotas) {
    const { name: setting } =
      quota.role === 'writes' ? WORKER_SETTINGS.BOX_WRITE_RATE_PER_MINUTE : WORKER_SETTINGS.BOX_READ_RATE_PER_MINUTE;
    const wanted = quota.role === 'writes' ? rates.writesPerMinute : rates.readsPerMinute;
    const where = `task queue ${quota.taskQueue} (${quota.calls})`;
    if (quota.perSenderPerSecond === null) {
      problems.push(
        `No per-sender rate limit on ${where}: Temporal does not hold Box's per-user quota, so Box may answer 429. ` +
          `Run \`${QUOTAS_APPLY_COMMAND}\``,
      );
    } else if (!sameRate(quota.perSenderPerSecond, perSecond(wanted))) {
      problems.push(
        `The per-sender rate limit on ${where} is ${perMinute(quota.perSenderPerSecond)} a minute, ${setting} says ` +
          `${wanted}. Run \`${QUOTAS_APPLY_COMMAND}\` with the worker's settings`,
      );
    }
    if (quota.queueWidePerSecond !== null) {
      problems.push(
        `A queue-wide rate limit (${perMinute(quota.queueWidePerSecond)} a minute) caps all senders of ${where} together. ` +
          `Run \`${QUOTAS_APPLY_COMMAND}\` to remove it`,
      );
    }
  }
  return problems;
}
