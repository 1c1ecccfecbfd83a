import { DefaultLogger, Runtime } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../config/data-converter';
import type { Logger } from '../logging/logger';
import { silentLogger } from '../logging/logger';
import { buildWorkflowBundle } from '../worker/workflow-bundle';

/**
 * For a sign worker run inside another process (the test harness, the bench's lifetime run): worker chatter off —
 * every benign poll failure would log as a warning — errors still show. One Runtime per process (per module
 * registry under jest): a second call keeps the first.
 */
export function quietWorkerRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Already installed: keep it.
  }
}

/** The sign workflows bundled as the worker would (with the encrypting failure converter), the bundler quiet. */
export function bundleSignWorkflows(): Promise<{ code: string }> {
  return buildWorkflowBundle({ failureConverterPath: FAILURE_CONVERTER_PATH }, errorsOnly);
}

const errorsOnly: Logger = {
  ...silentLogger,
  error(message: string) {
    console.error(message);
  },
};
