import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { DefaultLogger, Runtime, bundleWorkflowCode } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { createBoxSignClient } from '../../box/sign-client';
import { startSignRequest } from '../../client';
import type { SignRequestInput, SignRequestResult, SignerInput } from '../../contracts';
import { workflowIdForBusinessKey } from '../../contracts';
import { EmulatorControl } from '../../emulator/control-client';
import type { RunningEmulator } from '../../emulator/server';
import { startEmulator } from '../../emulator/server';
import { silentLogger } from '../../logging/logger';
import { WORKFLOWS_PATH, createSignWorker } from '../../worker/create-worker';

/**
 * What an end-to-end suite needs, all real: the shared Temporal dev server (global setup), its own Box
 * emulator on a free port, and a worker on its own task queue talking to the emulator over HTTP.
 */
export interface Harness {
  client: Client;
  control: EmulatorControl;
  emulator: RunningEmulator;
  taskQueue: string;
  start(input: SignRequestInput): Promise<string>;
  result(workflowId: string): Promise<SignRequestResult>;
  teardown(): Promise<void>;
}

let bundle: Promise<{ code: string }> | undefined;

/** Bundled once per test file (the SDK's webpack step takes a second or two). */
function workflowBundle(): Promise<{ code: string }> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietBundlerLogger });
  return bundle;
}

/** Worker chatter off (expected activity failures log as warnings); errors still show. Once per test file (one Runtime per module registry). */
function quietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Already installed by an earlier harness in this file.
  }
}

export async function startHarness(): Promise<Harness> {
  quietRuntime();
  const address = process.env.TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEST_TEMPORAL_ADDRESS is not set: run the suites through jest (global setup)');
  const env = await TestWorkflowEnvironment.createFromExistingServer({ address });
  const emulator = await startEmulator({ port: 0, conversionDelayMs: 50, finalizingDelayMs: 50 });
  const taskQueue = `test-${randomUUID()}`;
  const box = createBoxSignClient({
    apiBaseUrl: `${emulator.url}/2.0`,
    tokenUrl: `${emulator.url}/oauth2/token`,
    auth: { kind: 'developer-token', token: 'emulator-developer-token' },
    timeoutMs: 5_000,
  });
  const worker: Worker = await createSignWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    box,
    logger: silentLogger,
    shutdownGraceTimeMs: 1_000,
    workflowBundle: await workflowBundle(),
  });
  const running = worker.run();
  return {
    client: env.client,
    control: new EmulatorControl(emulator.url),
    emulator,
    taskQueue,
    async start(input) {
      return (await startSignRequest(env.client, input, { taskQueue })).workflowId;
    },
    result(workflowId) {
      return env.client.workflow.getHandle(workflowId).result() as Promise<SignRequestResult>;
    },
    async teardown() {
      worker.shutdown();
      await running;
      await emulator.stop();
      await env.teardown();
    },
  };
}

const quietBundlerLogger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error(message: string) {
    console.error(message);
  },
};

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
