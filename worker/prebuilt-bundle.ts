import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FAILURE_CONVERTER_PATH } from '../config/data-converter';
import { WORKFLOW_TRACING_MODULE } from '../tracing/worker-tracing';
import type { WorkflowBundleConverters } from './workflow-bundle';
import { WORKFLOWS_PATH, buildWorkflowBundle } from './workflow-bundle';
import type { Logger } from '../logging/logger';

/**
 * The workflow bundle `npm run build` writes beside the compiled code (scripts/bundle-workflows.ts), with the
 * encrypting failure converter, without and with the tracing interceptors: what production workers load (no
 * webpack at start, the same bytes on every worker of a build) and what `box-sign replay` replays by default.
 */
export function prebuiltBundlePath(traced: boolean): string {
  return join(__dirname, '..', traced ? 'workflow-bundle.traced.js' : 'workflow-bundle.js');
}

/** The converters each prebuilt bundle holds. */
export function prebuiltBundleConverters(traced: boolean): WorkflowBundleConverters {
  return {
    failureConverterPath: FAILURE_CONVERTER_PATH,
    ...(traced ? { workflowInterceptorModules: [WORKFLOW_TRACING_MODULE] } : {}),
  };
}

export type PrebuiltBundle = { codePath: string } | { missing: string };

/**
 * The prebuilt bundle for a worker with these converters, or why there is none that fits: not built (tsc alone,
 * ts-jest), built before the workflow code last changed, or other converters (plaintext development mode).
 */
export function prebuiltBundleFor(converters: WorkflowBundleConverters): PrebuiltBundle {
  const interceptors = converters.workflowInterceptorModules ?? [];
  const traced = interceptors.length === 1 && interceptors[0] === WORKFLOW_TRACING_MODULE;
  if (
    converters.failureConverterPath !== FAILURE_CONVERTER_PATH ||
    converters.payloadConverterPath !== undefined ||
    (interceptors.length > 0 && !traced)
  ) {
    return { missing: 'the worker’s converters are not the ones it was built with' };
  }
  const codePath = prebuiltBundlePath(traced);
  if (!existsSync(codePath)) return { missing: `${codePath} was not built` };
  if (newestWorkflowCodeMs() > statSync(codePath).mtimeMs) {
    return { missing: `${codePath} is older than the workflow code (run npm run build)` };
  }
  return { codePath };
}

/** The newest compiled file the bundle is made of (the workflows and the contracts they import). */
function newestWorkflowCodeMs(): number {
  const root = dirname(dirname(WORKFLOWS_PATH));
  return Math.max(
    ...['workflows', 'contracts'].flatMap((dir) =>
      readdirSync(join(root, dir))
        .filter((name) => /\.(js|ts)$/.test(name))
        .map((name) => statSync(join(root, dir, name)).mtimeMs),
    ),
  );
}

/**
 * The bundle a worker runs: the prebuilt one when it fits (its size in the start line, as when bundling), else
 * bundled now, saying why.
 */
export async function workflowBundleFor(
  converters: WorkflowBundleConverters,
  logger: Logger,
): Promise<{ code: string } | { codePath: string }> {
  const prebuilt = prebuiltBundleFor(converters);
  if ('codePath' in prebuilt) {
    const kib = Math.round(statSync(prebuilt.codePath).size / 1024);
    logger.info(`workflow bundle loaded from ${prebuilt.codePath}, ${kib} KiB`);
    return prebuilt;
  }
  logger.info(`no prebuilt workflow bundle (${prebuilt.missing}): bundling now`);
  return buildWorkflowBundle(converters, logger);
}
