import { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEARCH_ATTRIBUTES } from '../contracts';
import { bundleSignWorkflows } from '../scripts/in-process-worker';
import { devServerDynamicConfigArgs } from '../scripts/temporal-dynamic-config';
import { temporalCliPath } from '../scripts/tools';
import { LANE_ADDRESSES_ENV, SHARED_BUNDLE_ENV } from './support/lane-env';

/**
 * One real Temporal dev server (the `temporal` CLI from .tools/, never a download) per jest worker ("lane"), on
 * free ports, with the project's search attributes and dynamic config (fairness, one partition per task queue): the
 * suites of one lane run one after another against their own server, as the whole run did before it ran in
 * parallel, so no suite sees another lane's workflows in a namespace-wide listing. test/support/lane-setup.ts gives each
 * suite its lane's server as TEST_TEMPORAL_ADDRESS. The sign workflows are bundled once here, for every harness.
 */
/** Worker Deployments one lane's namespace may hold: a lane runs about a hundred harnesses, each its own. */
const MAX_DEPLOYMENTS = 5_000;

export default async function globalSetup(globalConfig: { maxWorkers: number }): Promise<void> {
  const lanes = Math.max(1, globalConfig.maxWorkers);
  const [envs, bundle] = await Promise.all([
    Promise.all(Array.from({ length: lanes }, () => startDevServer())),
    bundleSignWorkflows(),
  ]);
  (globalThis as { __temporalTestEnvs?: TestWorkflowEnvironment[] }).__temporalTestEnvs = envs;
  const dir = mkdtempSync(join(tmpdir(), 'box-sign-jest-'));
  (globalThis as { __jestRunDir?: string }).__jestRunDir = dir;
  writeFileSync(join(dir, 'workflow-bundle.js'), bundle.code);
  process.env[SHARED_BUNDLE_ENV] = join(dir, 'workflow-bundle.js');
  process.env[LANE_ADDRESSES_ENV] = envs.map((env) => env.address).join(',');
  process.env.TEST_TEMPORAL_ADDRESS = envs[0]!.address;
}

function startDevServer(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      ip: '127.0.0.1',
      searchAttributes: SEARCH_ATTRIBUTES,
      // Every harness is a Worker Deployment of its own (test/support/harness.ts); a namespace holds 100 by default.
      extraArgs: [
        ...devServerDynamicConfigArgs(),
        '--dynamic-config-value',
        `matching.maxDeployments=${MAX_DEPLOYMENTS}`,
      ],
    },
  });
}
