import type { Command } from 'commander';
import { Option } from 'commander';
import { hostname } from 'node:os';
import { quotaProblems } from '../../../quotas/quota-problems';
import type { TaskQueueQuota } from '../../../quotas/sender-quotas';
import { applySenderQuotas, perMinute, readSenderQuotas } from '../../../quotas/sender-quotas';
import type { SenderRateLimits } from '../../../quotas/sender-rate-limits';
import { readSenderRateLimits } from '../../../quotas/sender-rate-limits';
import type { CliContext } from '../context';
import { formatTable } from '../format/table';
import { jsonOption, positiveWholeNumber } from '../options';

interface ApplyOptions {
  writesPerMinute?: number;
  readsPerMinute?: number;
  json?: boolean;
}

/** `box-sign quotas show|apply`: the per-sender rate limits Temporal holds on the worker's task queues (quotas/). */
export function registerQuotas(program: Command, ctx: CliContext): void {
  const quotas = program
    .command('quotas')
    .description("the per-sender Box quotas Temporal holds on the worker's task queues, for all workers together");

  quotas
    .command('show')
    .description('print the per-sender and queue-wide rate limits of both task queues')
    .addOption(jsonOption())
    .addHelpText('after', '\nExample:\n  $ box-sign quotas show')
    .action(async (options: { json?: boolean }) => {
      const rates = settingRates(ctx);
      await ctx.connectService(async ({ service, namespace, taskQueue }) => {
        const current = await readSenderQuotas(service, { namespace, taskQueue });
        ctx.print(options.json === true, current, quotasText(current));
        for (const problem of quotaProblems(current, rates)) ctx.note(problem);
      });
    });

  quotas
    .command('apply')
    .description(
      'set the per-sender rate limits (BOX_WRITE_RATE_PER_MINUTE, BOX_READ_RATE_PER_MINUTE), no queue-wide one',
    )
    .addOption(
      new Option(
        '--writes-per-minute <n>',
        'creates + resends per sender (default: BOX_WRITE_RATE_PER_MINUTE)',
      ).argParser(positiveWholeNumber),
    )
    .addOption(
      new Option(
        '--reads-per-minute <n>',
        'Box GETs, cancels per sender (default: BOX_READ_RATE_PER_MINUTE)',
      ).argParser(positiveWholeNumber),
    )
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Idempotent; run it once per namespace and task queue (BOX_SIGN_TASK_QUEUE), and again when the settings change.
The Temporal server then holds the limits for every worker; workers warn at start when they are missing.

Examples:
  $ box-sign quotas apply
  $ TEMPORAL_ADDRESS=my-ns.a1b2c.tmprl.cloud:7233 TEMPORAL_NAMESPACE=my-ns.a1b2c box-sign quotas apply`,
    )
    .action(async (options: ApplyOptions) => {
      const fromSettings = settingRates(ctx);
      const rates: SenderRateLimits = {
        writesPerMinute: options.writesPerMinute ?? fromSettings.writesPerMinute,
        readsPerMinute: options.readsPerMinute ?? fromSettings.readsPerMinute,
      };
      await ctx.connectService(async ({ service, namespace, taskQueue }) => {
        const identity = `box-sign quotas apply@${hostname()}`;
        const applied = await applySenderQuotas(service, { namespace, taskQueue }, rates, identity);
        ctx.print(options.json === true, applied, `applied in namespace ${namespace}:\n${quotasText(applied)}`);
      });
    });
}

function settingRates(ctx: CliContext): SenderRateLimits {
  const reader = ctx.settings();
  const rates = readSenderRateLimits(reader);
  return reader.finish('quota settings', () => rates);
}

export function quotasText(quotas: TaskQueueQuota[]): string {
  return formatTable(
    ['TASK QUEUE', 'BOX CALLS', 'PER SENDER / MIN', 'QUEUE-WIDE / MIN', 'SET'],
    quotas.map((quota) => [
      quota.taskQueue,
      quota.calls,
      quota.perSenderPerSecond === null ? 'none' : String(perMinute(quota.perSenderPerSecond)),
      quota.queueWidePerSecond === null ? 'none' : String(perMinute(quota.queueWidePerSecond)),
      quota.updatedAt ?? '-',
    ]),
  );
}
