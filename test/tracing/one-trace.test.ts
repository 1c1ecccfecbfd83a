import { Worker } from '@temporalio/worker';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ConnectedClient } from '../../client';
import { connectClient, startSignRequest } from '../../client';
import { sha256Hex } from '../../config/api-clients';
import { createDataConverter } from '../../config/data-converter';
import { EmulatorControl, startEmulator, type RunningEmulator } from 'box-sign-emulator';
import { ENCRYPTION_ENV } from '../../encryption/key-config';
import { formatKeyRing, generateKeyRing } from '../../encryption/key-ring';
import { generateSealingSetup } from '../../encryption/sealing-keys';
import { bundleSignWorkflows, quietWorkerRuntime } from '../../scripts/in-process-worker';
import { OwnedProcess } from '../../scripts/owned-process';
import { freePort, waitFor } from '../../scripts/processes';
import { PROJECT_ROOT } from '../../scripts/tools';
import { WorkerProcess } from '../../scripts/worker-process';
import type { Tracing } from '../../tracing/process-tracing';
import { startTracing } from '../../tracing/process-tracing';
import { newApiKey } from '../support/api-rig';
import { signRequest } from '../support/harness';
import type { OtlpReceiver, ReceivedSpan } from '../support/otlp-receiver';
import { startOtlpReceiver } from '../support/otlp-receiver';
import { boxRequestFor, eventually } from '../support/signers';

const PASSWORD_SIGNER = { email: 'traced.password@example.com', password: 'trace-horse-battery' };
const PHONE_SIGNER = { email: 'traced.phone@example.com', verificationPhoneNumber: '+15557654321' };
const BOX_TOKEN = 'emulator-developer-token';

/**
 * Traces across processes: this test is the starter (its own tracer provider, as the API or the CLI would have),
 * the built worker runs as a child process with only OTEL_EXPORTER_OTLP_ENDPOINT set, and both export to a small
 * OTLP/HTTP receiver. Real Temporal dev server, the emulator over HTTP.
 */
describe('traces: one trace from the start through the workflow to the create and its Box call', () => {
  let receiver: OtlpReceiver;
  let tracing: Tracing;
  let emulator: RunningEmulator;
  let worker: WorkerProcess;
  let connected: ConnectedClient;
  let logDir: string;
  let address: string;
  const keyRing = generateKeyRing(`trace-${randomUUID().slice(0, 8)}`);
  const sealing = generateSealingSetup(`trace-${randomUUID().slice(0, 8)}`);
  const taskQueue = `tracing-${randomUUID()}`;
  const encryptionEnv = () => ({
    [ENCRYPTION_ENV.keys]: formatKeyRing(keyRing),
    [ENCRYPTION_ENV.activeKeyId]: keyRing.activeKeyId,
    ...sealing.env,
  });

  beforeAll(async () => {
    address = process.env.TEST_TEMPORAL_ADDRESS ?? '';
    if (!address) throw new Error('TEST_TEMPORAL_ADDRESS is not set: run the suites through jest (global setup)');
    quietWorkerRuntime();
    receiver = await startOtlpReceiver();
    tracing = startTracing('box-sign-test-starter', { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url })!;
    emulator = await startEmulator({ port: 0, conversionDelayMs: 50, finalizingDelayMs: 50 });
    logDir = mkdtempSync(join(tmpdir(), 'box-sign-tracing-'));
    worker = new WorkerProcess({
      temporalAddress: address,
      taskQueue,
      emulatorUrl: emulator.url,
      encryptionEnv: encryptionEnv(),
      extraEnv: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100' },
      logDir,
    });
    await worker.start();
    connected = await connectClient(
      { connection: { address }, namespace: 'default', taskQueue },
      { mode: 'encrypted', keyRing },
    );
  }, 90_000);

  afterAll(async () => {
    await worker?.stop();
    await connected?.close();
    await tracing?.shutdown();
    await emulator?.stop();
    await receiver?.stop();
    if (logDir) rmSync(logDir, { recursive: true, force: true });
  });

  let workflowId: string;
  let trace: ReceivedSpan[];

  it('a signed request leaves one trace: start → workflow → create activity → Box POST /sign_requests', async () => {
    const input = signRequest({ signers: [PASSWORD_SIGNER, PHONE_SIGNER] });
    ({ workflowId } = await startSignRequest(connected.client, input, { taskQueue, sealing: sealing.sealing }));
    await signBoth(new EmulatorControl(emulator.url), workflowId);
    expect((await connected.client.workflow.getHandle(workflowId).result()) as unknown).toMatchObject({
      outcome: 'signed',
    });
    await tracing.spanProcessor.forceFlush();

    const start = await eventually(
      () => Promise.resolve(receiver.spans.find((s) => s.name === 'StartWorkflow:signRequestWorkflow')),
      (span) => span?.attributes['temporalWorkflowId'] === workflowId,
    );
    trace = await eventually(
      () => Promise.resolve(receiver.spans.filter((s) => s.traceId === start!.traceId)),
      (spans) => spans.some((s) => s.name === 'RunWorkflow:signRequestWorkflow'),
      20_000,
    );
    const run = only(trace, 'RunWorkflow:signRequestWorkflow');
    const schedule = only(trace, 'StartActivity:createSignRequest');
    const execute = only(trace, 'RunActivity:createSignRequest');
    const boxCreate = only(trace, 'Box POST /sign_requests');

    expect(start!.service).toBe('box-sign-test-starter');
    expect(start!.parentSpanId).toBeUndefined();
    expect(run.parentSpanId).toBe(start!.spanId);
    expect(schedule.parentSpanId).toBe(run.spanId);
    expect(execute.parentSpanId).toBe(schedule.spanId);
    expect(boxCreate.parentSpanId).toBe(execute.spanId);
    for (const span of [run, schedule, execute, boxCreate]) expect(span.service).toBe('box-sign-worker');

    expect(run.attributes).toMatchObject({ workflowId, workflowType: 'signRequestWorkflow', taskQueue });
    expect(execute.attributes).toMatchObject({ temporalWorkflowId: workflowId });
    expect(boxCreate.attributes).toEqual({
      'http.request.method': 'POST',
      'http.route': '/sign_requests',
      'server.address': '127.0.0.1',
      'http.response.status_code': 201,
    });
    // The polls are Box calls of their own, with the request's id out of the route.
    expect(trace.map((s) => s.name)).toContain('Box GET /sign_requests/{id}');
  });

  it('the workflow spans carry only identifying fields of the workflow, not its memo or search attributes', () => {
    const run = only(trace, 'RunWorkflow:signRequestWorkflow');
    expect(Object.keys(run.attributes).sort()).toEqual(
      ['attempt', 'namespace', 'runId', 'taskQueue', 'workflowId', 'workflowType'].sort(),
    );
  });

  it('the API process (node lib/api/main.js) with only the OTLP endpoint set starts the trace of what it creates', async () => {
    // The API starts the workflow and waits for its create in one call (update-with-start).
    const key = newApiKey();
    const keysFile = join(logDir, 'api-keys.json');
    const callbackSecret = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
    writeFileSync(
      keysFile,
      JSON.stringify({ clients: [{ name: 'traced', keySha256: sha256Hex(key), callbackSecret }] }),
    );
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const logFile = join(logDir, 'api.log');
    const api = new OwnedProcess(process.execPath, [join(PROJECT_ROOT, 'lib', 'api', 'main.js')], {
      logFile,
      env: {
        PATH: process.env.PATH,
        TEMPORAL_ADDRESS: address,
        BOX_SIGN_TASK_QUEUE: taskQueue,
        BOX_SIGN_API_KEYS_FILE: keysFile,
        API_PORT: String(port),
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_BSP_SCHEDULE_DELAY: '100',
        ...encryptionEnv(),
      },
    });
    try {
      await waitFor('the API', async () => (await fetch(`${url}/ready`)).ok, 20_000, { pid: api.pid, logFile });
      const { polling: _polling, ...body } = signRequest({ signers: [PASSWORD_SIGNER, PHONE_SIGNER] });
      const created = await fetch(`${url}/v1/sign-requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(created.status).toBe(201);
      const { workflowId: createdId } = (await created.json()) as { workflowId: string };

      const start = await eventually(
        () =>
          Promise.resolve(
            receiver.spans.find(
              (s) => s.name === 'UpdateWithStartWorkflow:created' && s.attributes['temporalWorkflowId'] === createdId,
            ),
          ),
        (span) => span !== undefined,
      );
      expect(start!.service).toBe('box-sign-api');
      const spans = await eventually(
        () => Promise.resolve(receiver.spans.filter((s) => s.traceId === start!.traceId)),
        (found) => found.some((s) => s.name === 'Box POST /sign_requests'),
      );
      const schedule = only(spans, 'StartActivity:createSignRequest');
      const execute = only(spans, 'RunActivity:createSignRequest');
      expect(execute.parentSpanId).toBe(schedule.spanId);
      expect(only(spans, 'Box POST /sign_requests').parentSpanId).toBe(execute.spanId);
      expect(execute.service).toBe('box-sign-worker');
    } finally {
      await api.stop();
    }
  });

  it('no e-mail, phone number, password or token in any span, attribute or event that left either process', () => {
    const everything = receiver.bodies.join('\n');
    expect(receiver.bodies.length).toBeGreaterThan(0);
    const secrets = [
      PASSWORD_SIGNER.email,
      PHONE_SIGNER.email,
      PASSWORD_SIGNER.password,
      PHONE_SIGNER.verificationPhoneNumber,
      PHONE_SIGNER.verificationPhoneNumber.slice(2),
      BOX_TOKEN,
    ];
    for (const secret of secrets) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z]{2,}/);
    expect(everything).not.toMatch(/Bearer /i);
  });

  it('a history written with tracing on replays on a worker with tracing off (turning it off is a safe deploy)', async () => {
    const history = await connected.client.workflow.getHandle(workflowId).fetchHistory();
    await Worker.runReplayHistory(
      {
        workflowBundle: await bundleSignWorkflows(),
        dataConverter: createDataConverter({ mode: 'encrypted', keyRing }),
      },
      history,
      workflowId,
    );
  }, 60_000);
});

async function signBoth(control: EmulatorControl, workflowId: string): Promise<void> {
  const id = await boxRequestFor(control, workflowId);
  await control.signer(id, PASSWORD_SIGNER.email, 'view');
  expect(
    (await control.signer(id, PASSWORD_SIGNER.email, 'verify', { password: PASSWORD_SIGNER.password })).status,
  ).toBe(200);
  expect((await control.signer(id, PASSWORD_SIGNER.email, 'sign')).status).toBe(200);
  await control.scheduleSignature(id, PHONE_SIGNER.email, 0);
}

function only(spans: ReceivedSpan[], name: string): ReceivedSpan {
  const named = spans.filter((s) => s.name === name);
  expect(named.map((s) => s.name)).toEqual([name]);
  return named[0]!;
}
