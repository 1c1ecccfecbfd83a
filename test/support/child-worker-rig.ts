import { Client, Connection } from '@temporalio/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startSignRequest } from '../../client';
import { createDataConverter } from '../../config/data-converter';
import type { SignRequestInput, SignRequestResult } from '../../contracts';
import { EmulatorControl, startEmulator, type RunningEmulator } from 'box-sign-emulator';
import { ENCRYPTION_ENV } from '../../encryption/key-config';
import { formatKeyRing, generateKeyRing } from '../../encryption/key-ring';
import { generateSealingSetup } from '../../encryption/sealing-keys';
import { WorkerProcess } from '../../scripts/worker-process';

/**
 * For suites that crash things: the real worker as a child process (lib/, built by `npm test` before jest) that
 * can be SIGKILLed and started again, an in-process emulator, and a client, all on one Temporal server.
 */
export interface ChildWorkerRig {
  control: EmulatorControl;
  worker: WorkerProcess;
  /** The rig's client (replaced by reconnect()). */
  client(): Client;
  taskQueue: string;
  emulatorUrl: string;
  dir: string;
  start(input: SignRequestInput): Promise<string>;
  result(workflowId: string): Promise<SignRequestResult>;
  /** A fresh client connection (after a server restart the old channel may still be reconnecting). */
  reconnect(): Promise<void>;
  teardown(): Promise<void>;
}

export async function startChildWorkerRig(
  temporalAddress: string,
  dir?: string,
  workerEnv: Record<string, string> = {},
): Promise<ChildWorkerRig> {
  const workDir = dir ?? mkdtempSync(join(tmpdir(), 'box-sign-reliability-'));
  const keyRing = generateKeyRing(`rig-${randomUUID().slice(0, 8)}`);
  const sealing = generateSealingSetup(`rig-${randomUUID().slice(0, 8)}`);
  const emulator: RunningEmulator = await startEmulator({ port: 0, conversionDelayMs: 50, finalizingDelayMs: 50 });
  const taskQueue = `reliability-${randomUUID()}`;
  const worker = new WorkerProcess({
    temporalAddress,
    taskQueue,
    emulatorUrl: emulator.url,
    encryptionEnv: {
      [ENCRYPTION_ENV.keys]: formatKeyRing(keyRing),
      [ENCRYPTION_ENV.activeKeyId]: keyRing.activeKeyId,
      ...sealing.env,
    },
    extraEnv: { BOX_HTTP_TIMEOUT_MS: '5000', ...workerEnv },
    logDir: workDir,
  });
  let connection = await Connection.connect({ address: temporalAddress });
  const clientFor = (conn: Connection) =>
    new Client({ connection: conn, dataConverter: createDataConverter({ mode: 'encrypted', keyRing }) });
  let client = clientFor(connection);
  await worker.start();
  return {
    control: new EmulatorControl(emulator.url),
    worker,
    client: () => client,
    taskQueue,
    emulatorUrl: emulator.url,
    dir: workDir,
    async start(input) {
      return (await startSignRequest(client, input, { taskQueue, sealing: sealing.sealing })).workflowId;
    },
    result(workflowId) {
      return client.workflow.getHandle(workflowId).result() as Promise<SignRequestResult>;
    },
    async reconnect() {
      await connection.close();
      connection = await Connection.connect({ address: temporalAddress });
      client = clientFor(connection);
    },
    async teardown() {
      await worker.stop();
      await connection.close();
      await emulator.stop();
      if (dir === undefined) rmSync(workDir, { recursive: true, force: true });
    },
  };
}
