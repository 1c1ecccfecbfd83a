import type { Client } from '@temporalio/client';
import { resolve } from 'node:path';
import { createDataConverter } from '../config/data-converter';
import { loadPayloadProtection } from '../encryption/key-config';

export interface ReplayCommandOptions {
  query: string;
  workflowsPath?: string;
  json: boolean;
}

/** At least one workflow would break on the local code: the CLI exits 1 after listing them. */
export class ReplayCheckFailedError extends Error {
  override readonly name = 'ReplayCheckFailedError';
}

/** `box-sign replay --query …`: replays live histories against local workflow code; non-zero on any failure. */
export async function runReplayCommand(client: Client, options: ReplayCommandOptions): Promise<void> {
  // The worker package (bundler, native core) loads only for this command.
  const { replayLiveHistories } = await import('./replay-check');
  const { WORKFLOWS_PATH } = await import('../worker/create-worker');
  const outcomes = await replayLiveHistories(client, {
    query: options.query,
    workflowsPath: options.workflowsPath ? resolve(options.workflowsPath) : WORKFLOWS_PATH,
    dataConverter: createDataConverter(loadPayloadProtection()),
  });
  const failed = outcomes.filter((o) => o.error !== undefined);
  for (const outcome of outcomes) {
    const line = outcome.error
      ? `FAIL ${outcome.workflowId} (${outcome.runId}): ${outcome.error.name}: ${outcome.error.message.split('\n')[0]}`
      : `ok   ${outcome.workflowId} (${outcome.runId})`;
    process.stdout.write(
      `${options.json ? JSON.stringify({ ...outcome, error: outcome.error?.message ?? null }) : line}\n`,
    );
  }
  process.stdout.write(
    `replayed ${outcomes.length}: ${outcomes.length - failed.length} ok, ${failed.length} would break\n`,
  );
  if (failed.length > 0) {
    throw new ReplayCheckFailedError(
      `${failed.length} workflow(s) would break: ${failed.map((o) => o.workflowId).join(', ')}`,
    );
  }
}
