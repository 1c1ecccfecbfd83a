import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One version of the worker: Temporal routes a task queue's tasks to the deployment's current version. */
export interface DeploymentVersion {
  deploymentName: string;
  buildId: string;
}

/** A versioned worker, or one that polls as an unversioned worker (BOX_SIGN_WORKER_VERSIONING=false). */
export type WorkerVersioning = DeploymentVersion | 'unversioned';

/** What the worker is asked to be: the build id may be left to the bundle it runs. */
export type RequestedVersioning = { deploymentName: string; buildId?: string } | 'unversioned';

/** Names Temporal accepts and people can type: `.` and `:` join the two parts in the server's own messages. */
export const VERSION_PART = /^[A-Za-z0-9_-]{1,200}$/;

/** The build id of a workflow bundle: the same bytes, the same build; any change to the bundle, a new one. */
export function buildIdOf(bundleCode: string | Buffer): string {
  return `wf-${createHash('sha256').update(bundleCode).digest('hex').slice(0, 16)}`;
}

/** `lib/workflow-bundle.js`, written by `npm run build` (scripts/bundle-workflows.ts). */
export function prebuiltPlainBundlePath(): string {
  return join(__dirname, '..', 'workflow-bundle.js');
}

/**
 * The build id of this checkout or image: that of its prebuilt bundle, which the worker and `box-sign deployment
 * set-current` both derive, so they agree without being told. Undefined when nothing was built (ts sources).
 */
export function prebuiltBuildId(): string | undefined {
  const path = prebuiltPlainBundlePath();
  return existsSync(path) ? buildIdOf(readFileSync(path)) : undefined;
}

/**
 * The version a worker runs as. An explicit build id wins; else the prebuilt bundle's (the traced bundle is built
 * from the same sources in the same build, so it is the same version); else the bundle the worker was handed.
 */
export function resolveVersioning(
  requested: RequestedVersioning,
  bundle: { code: string } | { codePath: string },
): WorkerVersioning {
  if (requested === 'unversioned') return requested;
  const buildId =
    requested.buildId ??
    ('code' in bundle ? buildIdOf(bundle.code) : (prebuiltBuildId() ?? buildIdOf(readFileSync(bundle.codePath))));
  return { deploymentName: requested.deploymentName, buildId };
}

/** How logs and the CLI show a version: `box-sign/wf-0123456789abcdef`. */
export function formatVersion(versioning: WorkerVersioning): string {
  return versioning === 'unversioned' ? 'unversioned' : `${versioning.deploymentName}/${versioning.buildId}`;
}

/** The SDK's worker option: every task queue of the worker belongs to the version; AUTO_UPGRADE by default. */
export function workerDeploymentOptions(versioning: WorkerVersioning) {
  if (versioning === 'unversioned') return {};
  return {
    workerDeploymentOptions: {
      useWorkerVersioning: true as const,
      version: { deploymentName: versioning.deploymentName, buildId: versioning.buildId },
      // A request lives for weeks: pinned, it would keep every old build alive until it ends. AUTO_UPGRADE moves
      // it to the current version at its next task; patched() keeps that replay-safe (docs/changing-the-workflow.md).
      defaultVersioningBehavior: 'AUTO_UPGRADE' as const,
    },
  };
}
