import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { hostname } from 'node:os';
import { SETTINGS } from '../../../config/settings';
import type { DeploymentState, SetCurrentResult } from '../../../deployment/current-version';
import { describeDeployment, setCurrentVersion } from '../../../deployment/current-version';
import { readDeploymentSettings } from '../../../deployment/deployment-settings';
import { VERSION_PART, prebuiltBuildId } from '../../../deployment/worker-version';
import type { CliContext } from '../context';
import { formatTable } from '../format/table';
import { jsonOption, positiveWholeNumber } from '../options';

interface SetCurrentOptions {
  buildId?: string;
  waitSeconds: number;
  json?: boolean;
}

/** Default wait for the new build's workers to poll: a rollout's first pod usually polls within a minute. */
const DEFAULT_WAIT_SECONDS = 300;

/** `box-sign deployment show|set-current`: which worker build Temporal routes tasks to (Worker Deployment Versioning). */
export function registerDeployment(program: Command, ctx: CliContext): void {
  const deployment = program
    .command('deployment')
    .description("the worker's Worker Deployment: its versions (builds) and which one gets the tasks");

  deployment
    .command('show')
    .description('print the current version and every version Temporal knows of (BOX_SIGN_DEPLOYMENT_NAME)')
    .addOption(jsonOption())
    .addHelpText('after', '\nExample:\n  $ box-sign deployment show')
    .action(async (options: { json?: boolean }) => {
      const { deploymentName } = deploymentSettings(ctx);
      await ctx.connectService(async ({ service, namespace }) => {
        const state = await describeDeployment(service, { namespace, deploymentName });
        if (!state) {
          ctx.print(
            options.json === true,
            null,
            `no worker of deployment ${deploymentName} has polled namespace ${namespace}`,
          );
          return;
        }
        ctx.print(options.json === true, state, deploymentText(state));
      });
    });

  deployment
    .command('set-current')
    .description("make a build the current version: new requests and running ones' next tasks go to its workers")
    .addOption(
      new Option(
        '--build-id <id>',
        'the build to make current (default: BOX_SIGN_BUILD_ID, else this installation’s workflow bundle’s)',
      ).argParser(buildIdArgument),
    )
    .addOption(
      new Option('--wait-seconds <n>', "how long to wait for the build's workers to poll every task queue")
        .argParser(positiveWholeNumber)
        .default(DEFAULT_WAIT_SECONDS),
    )
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Run it after the new build's workers start (a deploy), and with the old build id to roll back (its workers must
still run). Idempotent: nothing changes when the build already is current. Requests are AUTO_UPGRADE: each moves
to the current build at its next task, so workflow changes that alter commands need patched()
(docs/changing-the-workflow.md).

Examples:
  $ box-sign deployment set-current
  $ box-sign deployment set-current --build-id wf-0123456789abcdef   # roll back to an earlier build`,
    )
    .action(async (options: SetCurrentOptions) => {
      const settings = deploymentSettings(ctx);
      const buildId = options.buildId ?? settings.buildId ?? prebuiltBuildId();
      if (buildId === undefined) {
        throw new Error(
          'no build id: pass --build-id or set BOX_SIGN_BUILD_ID (this installation has no lib/workflow-bundle.js)',
        );
      }
      await ctx.connectService(async ({ service, namespace }) => {
        const result = await setCurrentVersion(
          service,
          { namespace, deploymentName: settings.deploymentName },
          buildId,
          { identity: `box-sign deployment set-current@${hostname()}`, waitMs: options.waitSeconds * 1000 },
        );
        ctx.print(options.json === true, result, setCurrentText(result, namespace));
      });
    });
}

function buildIdArgument(raw: string): string {
  if (!VERSION_PART.test(raw)) throw new InvalidArgumentError('must be 1-200 letters, digits, "-" or "_"');
  return raw;
}

function deploymentSettings(ctx: CliContext) {
  const reader = ctx.settings();
  const settings = readDeploymentSettings(reader);
  return reader.finish(
    `${SETTINGS.BOX_SIGN_DEPLOYMENT_NAME.name} / ${SETTINGS.BOX_SIGN_BUILD_ID.name}`,
    () => settings,
  );
}

function setCurrentText(result: SetCurrentResult, namespace: string): string {
  const version = `${result.deploymentName}/${result.buildId}`;
  if (!result.changed) return `${version} already is the current version in namespace ${namespace}`;
  const previous = result.previousBuildId ?? 'unversioned workers';
  return `${version} is now the current version in namespace ${namespace} (was ${previous}; waited ${result.waitedMs} ms)`;
}

export function deploymentText(state: DeploymentState): string {
  const current = state.currentBuildId ?? 'none (unversioned workers)';
  const table = formatTable(
    ['BUILD ID', 'STATUS', 'CREATED'],
    state.versions.map((version) => [version.buildId, version.status, version.createdAt ?? '-']),
  );
  return `deployment ${state.deploymentName}: current ${current}${state.currentSince ? ` since ${state.currentSince}` : ''}\n${table}`;
}
