import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SEARCH_ATTRIBUTES } from '../contracts';
import { devServerDynamicConfigArgs } from '../scripts/temporal-dynamic-config';
import { temporalCliPath } from '../scripts/tools';

/**
 * One real Temporal dev server (the `temporal` CLI from .tools/, never a download) for the whole run, on a
 * free port, with the project's search attributes and dynamic config (fairness, one partition per task queue).
 * Suites reach it through TEST_TEMPORAL_ADDRESS.
 */
export default async function globalSetup(): Promise<void> {
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      ip: '127.0.0.1',
      searchAttributes: SEARCH_ATTRIBUTES,
      extraArgs: devServerDynamicConfigArgs(),
    },
  });
  (globalThis as { __temporalTestEnv?: TestWorkflowEnvironment }).__temporalTestEnv = env;
  process.env.TEST_TEMPORAL_ADDRESS = env.address;
}
