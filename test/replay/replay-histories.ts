import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import type { ReplayWorkerOptions } from '@temporalio/worker';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { FAILURE_CONVERTER_PATH, createDataConverter } from '../../config/data-converter';
import { WORKFLOWS_PATH } from '../../worker/create-worker';
import { withoutSourcesInSourceMap } from '../../worker/workflow-bundle';
import { FIXTURE_KEY_RING } from './fixture-key';

/** Committed histories of real runs: what workflows already running in production look like. */
export const HISTORIES_DIR = join(__dirname, 'histories');

export interface ReplayOutcome {
  file: string;
  error?: Error;
}

export function historyFiles(): string[] {
  return readdirSync(HISTORIES_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

/**
 * `replaced` swaps modules of the bundle (absolute path without extension → the file that stands in for it): how the
 * replay guard builds the current workflow with one patch's guard taken out.
 */
export async function bundleFor(
  workflowsPath: string = WORKFLOWS_PATH,
  workflowInterceptorModules: string[] = [],
  replaced: Record<string, string> = {},
): Promise<{ code: string }> {
  return bundleWorkflowCode({
    workflowsPath,
    workflowInterceptorModules,
    failureConverterPath: FAILURE_CONVERTER_PATH,
    webpackConfigHook: (config) => {
      const base = withoutSourcesInSourceMap(config);
      if (Object.keys(replaced).length === 0) return base;
      return { ...base, resolve: { ...base.resolve, alias: { ...(base.resolve?.alias as object), ...replaced } } };
    },
    logger: silentBundler,
  });
}

/** Replays every committed history against `bundle`, one outcome per file (the error names what broke). */
export async function replayAll(
  bundle: { code: string },
  files: string[] = historyFiles(),
  extra: Pick<ReplayWorkerOptions, 'sinks' | 'interceptors'> = {},
): Promise<ReplayOutcome[]> {
  const options: ReplayWorkerOptions = {
    ...extra,
    workflowBundle: bundle,
    dataConverter: createDataConverter({ mode: 'encrypted', keyRing: FIXTURE_KEY_RING }),
    replayName: 'committed-histories',
  };
  // A file name is under HISTORIES_DIR; an absolute path is anywhere (the retired histories).
  const histories = files.map((file) => ({
    workflowId: basename(file),
    history: historyFromJSON(JSON.parse(readFileSync(resolve(HISTORIES_DIR, file), 'utf8'))),
  }));
  const outcomes: ReplayOutcome[] = [];
  for await (const result of Worker.runReplayHistories(options, histories)) {
    outcomes.push({ file: result.workflowId, error: result.error });
  }
  return outcomes;
}

/** One line per file: `ok` or the nondeterminism error, so a failure names the history it breaks. */
export function formatReplayReport(outcomes: ReplayOutcome[]): string {
  return outcomes
    .map(({ file, error }) => (error ? `FAIL ${file}: ${error.name}: ${error.message.split('\n')[0]}` : `ok   ${file}`))
    .join('\n');
}

const silentBundler = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error };
