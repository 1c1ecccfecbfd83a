import type { WorkflowService } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';

const { WorkerDeploymentVersionStatus } = temporal.api.enums.v1;

/** gRPC status codes the deployment APIs answer while a version is still on its way. */
const NOT_FOUND = 5;
const FAILED_PRECONDITION = 9;

export interface DeploymentScope {
  namespace: string;
  deploymentName: string;
}

export interface VersionSummary {
  buildId: string;
  /** inactive, current, ramping, draining, drained (Temporal's WorkerDeploymentVersionStatus, lower case). */
  status: string;
  createdAt: string | null;
}

export interface DeploymentState {
  deploymentName: string;
  currentBuildId: string | null;
  currentSince: string | null;
  versions: VersionSummary[];
}

/** The deployment as Temporal has it, or null when no versioned worker of it has polled yet. */
export async function describeDeployment(
  service: WorkflowService,
  scope: DeploymentScope,
): Promise<DeploymentState | null> {
  try {
    const { workerDeploymentInfo: info } = await service.describeWorkerDeployment(scope);
    const routing = info?.routingConfig;
    return {
      deploymentName: scope.deploymentName,
      currentBuildId: routing?.currentDeploymentVersion?.buildId || null,
      currentSince: isoTime(routing?.currentVersionChangedTime),
      versions: (info?.versionSummaries ?? []).map((summary) => ({
        buildId: summary.deploymentVersion?.buildId ?? '',
        status: statusName(summary.status),
        createdAt: isoTime(summary.createTime),
      })),
    };
  } catch (err) {
    if (grpcCode(err) === NOT_FOUND) return null;
    throw err;
  }
}

export interface SetCurrentOptions {
  identity: string;
  /** How long to wait for the version's workers to poll every task queue of the current version. */
  waitMs: number;
  pollIntervalMs?: number;
}

export interface SetCurrentResult {
  deploymentName: string;
  buildId: string;
  previousBuildId: string | null;
  /** false: it already was current (nothing written). */
  changed: boolean;
  waitedMs: number;
}

/**
 * Makes `buildId` the deployment's current version: from then on every task of the deployment's task queues (new
 * requests, and the next task of every running AUTO_UPGRADE request) goes to its workers. Idempotent. Waits until
 * Temporal accepts it: the version exists once its workers poll, and the server refuses a version that does not
 * poll every task queue the current one serves (its queues would fall back to unversioned workers).
 */
export async function setCurrentVersion(
  service: WorkflowService,
  scope: DeploymentScope,
  buildId: string,
  options: SetCurrentOptions,
): Promise<SetCurrentResult> {
  const started = Date.now();
  const deadline = started + options.waitMs;
  const before = await describeDeployment(service, scope);
  const previousBuildId = before?.currentBuildId ?? null;
  const result = (changed: boolean): SetCurrentResult => ({
    deploymentName: scope.deploymentName,
    buildId,
    previousBuildId,
    changed,
    waitedMs: Date.now() - started,
  });
  if (previousBuildId === buildId) return result(false);
  for (;;) {
    try {
      await service.setWorkerDeploymentCurrentVersion({ ...scope, buildId, identity: options.identity });
      return result(true);
    } catch (err) {
      const code = grpcCode(err);
      if ((code !== NOT_FOUND && code !== FAILED_PRECONDITION) || Date.now() >= deadline) {
        throw new Error(
          `cannot make ${scope.deploymentName}/${buildId} current in namespace ${scope.namespace}: ${message(err)}`,
        );
      }
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs ?? 250));
  }
}

function statusName(status: number | null | undefined): string {
  const name = WorkerDeploymentVersionStatus[status ?? 0] ?? 'WORKER_DEPLOYMENT_VERSION_STATUS_UNSPECIFIED';
  return name.replace('WORKER_DEPLOYMENT_VERSION_STATUS_', '').toLowerCase();
}

function isoTime(timestamp: Parameters<typeof optionalTsToMs>[0] | null): string | null {
  const ms = optionalTsToMs(timestamp ?? undefined);
  return ms === undefined ? null : new Date(ms).toISOString();
}

function grpcCode(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'number'
    ? err.code
    : undefined;
}

function message(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'details' in err && typeof err.details === 'string') {
    return err.details;
  }
  return err instanceof Error ? err.message : String(err);
}
