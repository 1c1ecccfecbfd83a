import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { BoxClientConfig } from '../../box/config';
import { createBoxSignClient } from '../../box/sign-client';
import type { CallbackDeliveryDeps } from '../../callbacks/deliver-callback';
import type { ApiClients } from '../../config/api-clients';
import { startSignRequest } from '../../client';
import type { SignRequestInput, SignRequestResult, SignerInput } from '../../contracts';
import { workflowIdForBusinessKey } from '../../contracts';
import { emulatorBoxConfig } from '../../scripts/emulator/box-config';
import {
  EMULATOR_USERS,
  EmulatorControl,
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from 'box-sign-emulator';
import { createDataConverter } from '../../config/data-converter';
import { setCurrentVersion } from '../../deployment/current-version';
import type { DeploymentVersion } from '../../deployment/worker-version';
import { buildIdOf } from '../../deployment/worker-version';
import { ENCRYPTION_ENV } from '../../encryption/key-config';
import type { KeyRing } from '../../encryption/key-ring';
import { formatKeyRing, generateKeyRing } from '../../encryption/key-ring';
import type { SealingPrivateKeys } from '../../encryption/sealing';
import type { SecretSealing } from '../../encryption/sealing-keys';
import { generateSealingSetup } from '../../encryption/sealing-keys';
import type { StartBindingKeys } from '../../encryption/start-binding';
import { startBindingKeysFor } from '../../encryption/start-binding';
import type { Logger } from '../../logging/logger';
import { silentLogger } from '../../logging/logger';
import { applySenderQuotas } from '../../quotas/sender-quotas';
import type { SenderRateLimits } from '../../quotas/sender-rate-limits';
import { createSignWorker } from '../../worker/create-worker';
import { bundleSignWorkflows, quietWorkerRuntime } from '../../scripts/in-process-worker';
import { startTimeSkippingServer } from '../../scripts/time-skipping-server';
import { SHARED_BUNDLE_ENV } from './lane-env';

/**
 * What an end-to-end suite needs, all real: the shared Temporal dev server (global setup), its own Box
 * emulator on a free port, and a worker on its own task queue talking to the emulator over HTTP.
 */
export interface Harness {
  /** The Temporal test environment: `sleep` skips time on a time-skipping server. */
  testEnv: TestWorkflowEnvironment;
  client: Client;
  control: EmulatorControl;
  emulator: RunningEmulator;
  taskQueue: string;
  /**
   * The worker's Worker Deployment version, current in its own deployment (one per harness: a lane's suites never
   * share one); null on a time-skipping server, which has no deployments.
   */
  deployment: DeploymentVersion | null;
  /** Another worker on the same queue as build `buildId` (not made current): a new build being rolled out. */
  startWorkerOnBuild(buildId: string): Promise<{ stop(): Promise<void> }>;
  /** The worker's and the client's payload keys: a fresh random key per harness unless a suite passes its own. */
  keyRing: KeyRing;
  /** The workers' public sealing key, as the starters hold it; the worker holds `sealingKeys`. */
  sealing: SecretSealing;
  sealingKeys: SealingPrivateKeys;
  /** The start-binding keys the worker checks (derived from `keyRing`): a start in an API client's name needs them. */
  startBinding: StartBindingKeys | null;
  /** The same keys (payload and sealing) as env vars, for a CLI, API or worker child process. */
  encryptionEnv: Record<string, string>;
  /** Stops the worker and starts a new one, and a new client, with `keyRing` (a key rotation and a redeploy). */
  restartWorker(keyRing: KeyRing): Promise<void>;
  start(input: SignRequestInput): Promise<string>;
  result(workflowId: string): Promise<SignRequestResult>;
  teardown(): Promise<void>;
}

let bundle: Promise<{ code: string }> | undefined;

/** Bundled once per run by the global setup (the SDK's webpack step takes seconds of CPU), else once per test file. */
function workflowBundle(): Promise<{ code: string }> {
  const shared = process.env[SHARED_BUNDLE_ENV];
  bundle ??= shared ? Promise.resolve({ code: readFileSync(shared, 'utf8') }) : bundleSignWorkflows();
  return bundle;
}

export interface HarnessOptions {
  /** Default: a fresh random key, so every suite runs with encryption on, as production does. */
  keyRing?: KeyRing;
  /** The worker's logger (activities and Box client); default silent. */
  logger?: Logger;
  /** Extra emulator options (credentials, a state file…); the port is always a free one. */
  emulator?: Omit<EmulatorOptions, 'port'>;
  /** Box as the worker reaches it; default the emulator with its developer token. */
  box?: (emulatorUrl: string) => BoxClientConfig;
  /** Its own time-skipping test server instead of the shared dev server, for suites that skip days. */
  timeSkipping?: boolean;
  /** Another build of the workflows (replay capture of what older code wrote); default the current code. */
  workflowBundle?: () => Promise<{ code: string }>;
  /** Callback secrets and allow list for the worker's delivery activity. */
  callbacks?: CallbackDeliveryDeps;
  /** BOX_SIGN_UNBOUND_API_STARTS_BEFORE of the worker (epoch ms); default none. */
  unboundStartsBeforeMs?: number;
  /** BOX_SIGN_REQUIRE_ENCRYPTED_PAYLOADS for the worker: it refuses plain payloads. */
  refusePlainPayloads?: boolean;
  /** The worker's API clients file (each client's own `senders`, checked at create); default none. */
  apiClients?: ApiClients;
  /** BOX_SIGN_ALLOWED_SENDERS of the worker and of `start`; default the emulator's users (20001, 20002, 20003). */
  allowedSenders?: readonly string[];
  /** The per-sender quotas applied to the harness's task queues; default TEST_SENDER_RATE_LIMITS. */
  senderRateLimits?: SenderRateLimits;
  /** Activity slots of each of the worker's two Temporal workers (default the worker's own, 100). */
  maxConcurrentActivities?: number;
  /** BOX_SIGN_NEXUS_CALLER_NAMESPACES of the worker (its polling floor is then TEST_POLLING's); default none. */
  nexusCallerNamespaces?: readonly string[];
}

/**
 * Quotas are applied on every harness's queues, as `box-sign quotas apply` does in production, but high enough never
 * to slow a suite down (tests poll every 200 ms); the fairness suite passes low ones.
 */
export const TEST_SENDER_RATE_LIMITS: SenderRateLimits = { writesPerMinute: 60_000, readsPerMinute: 600_000 };

function sharedServerAddress(): string {
  const address = process.env.TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEST_TEMPORAL_ADDRESS is not set: run the suites through jest (global setup)');
  return address;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  quietWorkerRuntime();
  let keyRing = options.keyRing ?? generateKeyRing(`test-${randomUUID().slice(0, 8)}`);
  const {
    env: sealingEnv,
    sealing,
    privateKeys: sealingKeys,
  } = generateSealingSetup(`seal-${randomUUID().slice(0, 8)}`);
  const dataConverter = createDataConverter({ mode: 'encrypted', keyRing });
  const env = options.timeSkipping
    ? await startTimeSkippingServer(dataConverter)
    : await TestWorkflowEnvironment.createFromExistingServer({
        address: sharedServerAddress(),
        client: { dataConverter },
      });
  const namespace = env.namespace ?? 'default';
  const emulator = await startEmulator({ conversionDelayMs: 50, finalizingDelayMs: 50, ...options.emulator, port: 0 });
  const taskQueue = `test-${randomUUID()}`;
  const allowedSenders = options.allowedSenders ?? EMULATOR_USERS.map((user) => user.id);
  const senderRateLimits = options.senderRateLimits ?? TEST_SENDER_RATE_LIMITS;
  // Not on a time-skipping server: the test server has no task-queue config.
  if (!options.timeSkipping) {
    await applySenderQuotas(env.connection.workflowService, { namespace, taskQueue }, senderRateLimits, 'test harness');
  }
  const box = createBoxSignClient(options.box?.(emulator.url) ?? emulatorBoxConfig(emulator.url, 5_000), {
    logger: options.logger ?? silentLogger,
  });
  const code = await (options.workflowBundle ?? workflowBundle)();
  // The time-skipping test server answers UNIMPLEMENTED to every deployment call: its workers run unversioned.
  const deployment = options.timeSkipping
    ? null
    : { deploymentName: `box-sign-${taskQueue.slice('test-'.length)}`, buildId: buildIdOf(code.code) };
  const startWorker = async (ring: KeyRing, buildId = deployment?.buildId) => {
    const worker = await createSignWorker({
      connection: env.nativeConnection,
      namespace,
      taskQueue,
      versioning: deployment ? { deploymentName: deployment.deploymentName, buildId } : 'unversioned',
      box,
      logger: options.logger ?? silentLogger,
      payloadProtection: { mode: 'encrypted', keyRing: ring, refusePlain: options.refusePlainPayloads === true },
      sealingKeys,
      shutdownGraceTimeMs: 1_000,
      callbacks: options.callbacks,
      ...(options.apiClients === undefined ? {} : { sendersOf: sendersOfClients(options.apiClients) }),
      unboundStartsBeforeMs: options.unboundStartsBeforeMs ?? null,
      allowedSenders,
      senderRateLimits,
      maxConcurrentActivities: options.maxConcurrentActivities,
      nexus: {
        callerNamespaces: options.nexusCallerNamespaces ?? [],
        minPollIntervalMs: TEST_POLLING.initialIntervalMs,
      },
      workflowBundle: code,
    });
    return { worker, running: worker.run() };
  };
  /** As an operator does after a deploy (`box-sign deployment set-current`): a no-op when it already is current. */
  const makeCurrent = async () => {
    if (!deployment) return;
    const scope = { namespace, deploymentName: deployment.deploymentName };
    await setCurrentVersion(env.connection.workflowService, scope, deployment.buildId, {
      identity: 'test harness',
      waitMs: 30_000,
    });
  };
  let current = await startWorker(keyRing);
  await makeCurrent();
  let client: Client = env.client;
  return {
    testEnv: env,
    get client() {
      return client;
    },
    control: new EmulatorControl(emulator.url),
    emulator,
    taskQueue,
    deployment,
    async startWorkerOnBuild(buildId) {
      const other = await startWorker(keyRing, buildId);
      return {
        async stop() {
          other.worker.shutdown();
          await other.running;
        },
      };
    },
    get keyRing() {
      return keyRing;
    },
    sealing,
    sealingKeys,
    get startBinding() {
      return startBindingKeysFor(undefined, { mode: 'encrypted', keyRing });
    },
    get encryptionEnv() {
      return {
        [ENCRYPTION_ENV.keys]: formatKeyRing(keyRing),
        [ENCRYPTION_ENV.activeKeyId]: keyRing.activeKeyId,
        ...sealingEnv,
      };
    },
    async restartWorker(next) {
      current.worker.shutdown();
      await current.running;
      keyRing = next;
      client = new Client({
        connection: env.connection,
        namespace,
        dataConverter: createDataConverter({ mode: 'encrypted', keyRing }),
      });
      current = await startWorker(keyRing);
      await makeCurrent();
    },
    async start(input) {
      return (await startSignRequest(client, input, { taskQueue, sealing, allowedSenders })).workflowId;
    },
    result(workflowId) {
      return client.workflow.getHandle(workflowId).result() as Promise<SignRequestResult>;
    },
    async teardown() {
      current.worker.shutdown();
      await current.running;
      await emulator.stop();
      await env.teardown();
    },
  };
}

/** A client's own senders as the worker reads them from its API clients file. */
export function sendersOfClients(clients: ApiClients) {
  return (name: string) => {
    const entry = clients.byName(name);
    return entry === undefined ? { known: false } : { known: true, senders: entry.senders };
  };
}

/** Fast polling for tests: changes are seen within a few hundred milliseconds. */
export const TEST_POLLING = { initialIntervalMs: 200, backoffCoefficient: 1.2, maximumIntervalMs: 1_000 };

export function uniqueKey(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

export function signRequest(overrides: Partial<SignRequestInput> & { signers: SignerInput[] }): SignRequestInput {
  return {
    businessKey: uniqueKey('test'),
    sourceFiles: [{ id: '1234567890' }],
    parentFolder: { id: '987654321' },
    name: 'Test contract',
    polling: TEST_POLLING,
    ...overrides,
  };
}

export { workflowIdForBusinessKey };
