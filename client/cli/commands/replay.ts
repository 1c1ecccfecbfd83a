import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { createDataConverter } from '../../../config/data-converter';
import type { CliContext, Connected } from '../context';
import { CommandFailedError } from '../errors';
import { jsonOption } from '../options';

interface ReplayOptions {
  query: string;
  workflowsPath?: string;
  json?: boolean;
}

export function registerReplay(program: Command, ctx: CliContext): void {
  program
    .command('replay')
    .description('pre-deploy check: replay live histories against local workflow code; exit 1 if any would break')
    .requiredOption('--query <visibility query>', 'which workflows, e.g. "ExecutionStatus = \'Running\'"')
    .option('--workflows-path <module>', 'the workflow code to check (default: the workflow bundle of this build)')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Examples:
  $ box-sign replay --query "WorkflowType = 'signRequestWorkflow' AND ExecutionStatus = 'Running'"
  $ box-sign replay --query "StartTime > '2026-11-01T00:00:00Z'" --workflows-path ./candidate/workflows`,
    )
    .action(async (options: ReplayOptions) => {
      await ctx.connect((connected) => replay(ctx, connected, options));
    });
}

async function replay(ctx: CliContext, { client, protection }: Connected, options: ReplayOptions): Promise<void> {
  // The worker package (bundler, native core) loads only for this command.
  const { replayLiveHistories } = await import('../../replay-check');
  const dataConverter = createDataConverter(protection);
  const workflow = options.workflowsPath
    ? { workflowsPath: resolve(options.workflowsPath) }
    : await thisBuildsWorkflow(dataConverter);
  const against = 'workflowsPath' in workflow ? workflow.workflowsPath : workflow.workflowBundle.codePath;
  if (!options.json) ctx.io.out(`replaying against ${against}\n`);
  const outcomes = await replayLiveHistories(client, { query: options.query, workflow, dataConverter });
  const failed = outcomes.filter((o) => o.error !== undefined);
  for (const outcome of outcomes) {
    const line = outcome.error
      ? `FAIL ${outcome.workflowId} (${outcome.runId}): ${outcome.error.name}: ${outcome.error.message.split('\n')[0]}`
      : `ok   ${outcome.workflowId} (${outcome.runId})`;
    ctx.io.out(`${options.json ? JSON.stringify({ ...outcome, error: outcome.error?.message ?? null }) : line}\n`);
  }
  ctx.io.out(`replayed ${outcomes.length}: ${outcomes.length - failed.length} ok, ${failed.length} would break\n`);
  if (failed.length > 0) {
    throw new CommandFailedError(
      `${failed.length} workflow(s) would break: ${failed.map((o) => o.workflowId).join(', ')}`,
    );
  }
}

/** The prebuilt bundle this build's workers load (the very bytes that will replay), else its workflows module. */
async function thisBuildsWorkflow(
  dataConverter: DataConverter,
): Promise<{ workflowBundle: { codePath: string } } | { workflowsPath: string }> {
  const { prebuiltBundleFor } = await import('../../../worker/prebuilt-bundle');
  const { WORKFLOWS_PATH } = await import('../../../worker/workflow-bundle');
  const prebuilt = prebuiltBundleFor({ failureConverterPath: dataConverter.failureConverterPath });
  return 'codePath' in prebuilt
    ? { workflowBundle: { codePath: prebuilt.codePath } }
    : { workflowsPath: WORKFLOWS_PATH };
}
