import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';

/** One workflow's verdict: replayed cleanly, or the error that would break it after a deploy. */
export interface LiveReplayOutcome {
  workflowId: string;
  runId: string;
  error?: Error;
}

export interface LiveReplayOptions {
  /** A visibility query, e.g. `ExecutionStatus = 'Running' AND WorkflowType = 'signRequestWorkflow'`. */
  query: string;
  /**
   * The workflow code to check: the prebuilt bundle the workers of this build load (worker/prebuilt-bundle.ts), or a
   * workflows module to bundle (a candidate's, or this one when nothing was prebuilt).
   */
  workflow: { workflowBundle: { codePath: string } } | { workflowsPath: string };
  dataConverter: DataConverter;
  concurrency?: number;
}

/**
 * The pre-deploy check: fetches the histories of running and recent workflows from the cluster and replays them
 * against local workflow code, so a change that would break them is caught before any worker rolls out.
 */
export async function replayLiveHistories(client: Client, options: LiveReplayOptions): Promise<LiveReplayOutcome[]> {
  quietBundler();
  const histories = client.workflow
    .list({ query: options.query })
    .intoHistories({ concurrency: options.concurrency ?? 5 });
  const outcomes: LiveReplayOutcome[] = [];
  const replayOptions = {
    ...options.workflow,
    dataConverter: options.dataConverter,
    replayName: 'live-check',
  };
  for await (const result of Worker.runReplayHistories(replayOptions, histories)) {
    outcomes.push({ workflowId: result.workflowId, runId: result.runId, error: result.error });
  }
  return outcomes;
}

/** The bundler reports every asset at INFO; a check's output should be its verdicts. */
function quietBundler(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // The embedding process installed its own Runtime already.
  }
}
