import type { NativeConnection } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { StartTrust } from '../activities/start-binding-check';
import { startBindingProblemForCallback } from '../activities/start-binding-check';
import type { StartBindingKeys } from '../encryption/start-binding';
import { startBindingKeysFor } from '../encryption/start-binding';
import type { BoxSignApi } from '../box/sign-client';
import type { CallbackDeliveryDeps } from '../callbacks/deliver-callback';
import { createDataConverter } from '../config/data-converter';
import { boxWritesTaskQueue, callbacksTaskQueue } from '../contracts';
import type { RequestedVersioning } from '../deployment/worker-version';
import { resolveVersioning, workerDeploymentOptions } from '../deployment/worker-version';
import type { PayloadProtection } from '../encryption/key-config';
import type { SealingPrivateKeys } from '../encryption/sealing';
import type { Logger } from '../logging/logger';
import type { WorkerTracing } from '../tracing/worker-tracing';
import type { SenderRateLimits } from '../quotas/sender-rate-limits';
import { DEFAULT_SENDER_RATE_LIMITS } from '../quotas/sender-rate-limits';
import { isNexusClientName } from '../nexus/caller-client';
import { boxSignNexusServiceHandler } from '../nexus/service-handler';
import { API_LIMIT_SETTINGS } from '../config/settings/api-limits';
import { sealingOf } from '../encryption/sealing-keys';
import { checkSenderQuotas } from './sender-quota-check';
import { SignWorker } from './sign-worker';
import { workflowBundleFor } from './prebuilt-bundle';
import { EAGER_ACTIVITY_RESERVATIONS_PER_WORKFLOW_TASK } from './eager-activities';

export { WORKFLOWS_PATH } from './workflow-bundle';

/** Each attempt ends within CALLBACK_RETRY.attemptTimeoutMs, so 20 slots deliver at least 2 events a second. */
export const DEFAULT_MAX_CONCURRENT_CALLBACKS = 20;

const DEFAULT_MIN_POLL_INTERVAL_MS = API_LIMIT_SETTINGS.API_MIN_POLL_INTERVAL_MS.default;

export interface SignWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /**
   * The Worker Deployment version all three task queues poll as (AUTO_UPGRADE by default); the build id defaults to
   * the bundle's (deployment/worker-version.ts). Tasks reach it once it is the deployment's current version.
   */
  versioning: RequestedVersioning;
  box: BoxSignApi;
  logger: Logger;
  /** The same protection the clients use; a pre-built bundle must include FAILURE_CONVERTER_PATH when encrypted. */
  payloadProtection: PayloadProtection;
  /** The private keys that open the signers' sealed secrets; none: a sealed request fails its create, saying why. */
  sealingKeys?: SealingPrivateKeys;
  /** BOX_SIGN_ALLOWED_SENDERS: a create naming any other sender fails SenderNotAllowed; none: only the default. */
  allowedSenders?: readonly string[];
  shutdownGraceTimeMs?: number;
  maxConcurrentActivities?: number;
  /** Workflows kept in memory between their tasks (WORKER_MAX_CACHED_WORKFLOWS); absent: the SDK's default. */
  maxCachedWorkflows?: number;
  /**
   * The per-sender rates Temporal should hold on the task queues (quotas/sender-rate-limits.ts; default Box's less 10%). The
   * worker does not set them (`box-sign quotas apply` does): at start it warns when the queues have others or none.
   */
  senderRateLimits?: SenderRateLimits;
  /** Callback secrets and URL allow list; absent, a request with a callback fails its delivery, saying why. */
  callbacks?: CallbackDeliveryDeps;
  /** Callback deliveries in flight at once, on their own task queue (default DEFAULT_MAX_CONCURRENT_CALLBACKS). */
  maxConcurrentCallbacks?: number;
  /** A bundle built by the caller (tests bundle once per file); otherwise the prebuilt one (or bundled at start). */
  workflowBundle?: { code: string } | { codePath: string };
  /** The start-binding keys (BOX_SIGN_START_BINDING_KEYS); absent: derived from the payload keys, as the API does. */
  startBinding?: StartBindingKeys | null;
  /** The API clients' own `senders` (the API clients file); absent: the worker has no such file. */
  sendersOf?: StartTrust['sendersOf'];
  /** BOX_SIGN_UNBOUND_API_STARTS_BEFORE (epoch ms). */
  unboundStartsBeforeMs?: number | null;
  /**
   * The `box-sign` Nexus service's callers (BOX_SIGN_NEXUS_CALLER_NAMESPACES) and polling floor; absent: no namespace
   * is served (every Nexus caller is refused, saying why). The service is always registered on the task queue.
   */
  nexus?: { callerNamespaces: readonly string[]; minPollIntervalMs: number };
  /** OpenTelemetry interceptors and sink (tracing/worker-tracing.ts); a pre-built bundle must then include them. */
  tracing?: WorkerTracing;
}

/**
 * The one place a sign-request worker is assembled: the process entry point and the tests both use it. Two
 * Temporal workers share the connection: one for the task queue (workflows, polls, cancel) and one for its
 * writes queue (create, resend), each with its own per-sender dispatch rate held by the server (quotas/). No
 * worker-side `maxTaskQueueActivitiesPerSecond`: it is queue-wide, so it would cap all senders together.
 */
export async function createSignWorker(options: SignWorkerOptions): Promise<SignWorker> {
  // Every worker checks the start binding: nothing on the queue acts in an API client's name unless the API put it there.
  const startTrust: StartTrust = {
    keys:
      options.startBinding !== undefined
        ? options.startBinding
        : startBindingKeysFor(undefined, options.payloadProtection),
    sendersOf: withNexusCallers(options.sendersOf),
    unboundStartsBeforeMs: options.unboundStartsBeforeMs ?? null,
  };
  const activities = createActivities({
    box: options.box,
    logger: options.logger,
    startTrust,
    callbacks: options.callbacks && {
      ...options.callbacks,
      startBindingProblem: (apiClient) => startBindingProblemForCallback(startTrust, apiClient),
    },
    sealingKeys: options.sealingKeys,
    allowedSenders: options.allowedSenders,
  });
  const common = {
    connection: options.connection,
    namespace: options.namespace,
    shutdownGraceTime: options.shutdownGraceTimeMs ?? 30_000,
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivities ?? 100,
    maxEagerActivityReservationsPerWorkflowTask: EAGER_ACTIVITY_RESERVATIONS_PER_WORKFLOW_TASK,
    dataConverter: createDataConverter(options.payloadProtection),
    ...(options.tracing ? { interceptors: options.tracing.interceptors, sinks: options.tracing.sinks } : {}),
  };
  const workflowBundle =
    options.workflowBundle ??
    (await workflowBundleFor(
      { ...common.dataConverter, workflowInterceptorModules: options.tracing?.workflowInterceptorModules },
      options.logger,
    ));
  const versioning = resolveVersioning(options.versioning, workflowBundle);
  const versioned = { ...common, ...workerDeploymentOptions(versioning) };
  const main = await Worker.create({
    ...versioned,
    taskQueue: options.taskQueue,
    // All activities, so that a create scheduled on this queue before the writes queue existed still runs.
    activities,
    workflowBundle,
    nexusServices: [
      boxSignNexusServiceHandler({
        taskQueue: options.taskQueue,
        sealing: sealingOf(options.sealingKeys),
        startBinding: startTrust.keys,
        allowedSenders: options.allowedSenders ?? [],
        callerNamespaces: options.nexus?.callerNamespaces ?? [],
        minPollIntervalMs: options.nexus?.minPollIntervalMs ?? DEFAULT_MIN_POLL_INTERVAL_MS,
      }),
    ],
    ...(options.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: options.maxCachedWorkflows }),
  });
  const writes = await Worker.create({
    ...versioned,
    taskQueue: boxWritesTaskQueue(options.taskQueue),
    activities: pick(activities, ['createSignRequest', 'resendSignRequest']),
  });
  // Deliveries hold slots of their own: a receiver that answers slowly never takes one a Box call needs.
  const callbackDeliveries = await Worker.create({
    ...versioned,
    taskQueue: callbacksTaskQueue(options.taskQueue),
    activities: pick(activities, ['deliverCallback']),
    maxConcurrentActivityTaskExecutions: options.maxConcurrentCallbacks ?? DEFAULT_MAX_CONCURRENT_CALLBACKS,
  });
  await checkSenderQuotas(
    options.connection.workflowService,
    { namespace: options.namespace, taskQueue: options.taskQueue },
    options.senderRateLimits ?? DEFAULT_SENDER_RATE_LIMITS,
    options.logger,
  );
  return new SignWorker([main, writes, callbackDeliveries], versioning);
}

/**
 * A Nexus caller's requests name the deployment's senders only: it has no entry in the API clients file, and its
 * start binding (made by this service after the caller's namespace was checked) is the proof.
 */
function withNexusCallers(sendersOf: StartTrust['sendersOf']): StartTrust['sendersOf'] {
  if (sendersOf === undefined) return undefined;
  return (client) => (isNexusClientName(client) ? { known: true } : sendersOf(client));
}

function pick<T extends object, K extends keyof T>(source: T, keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, source[key]])) as Pick<T, K>;
}
