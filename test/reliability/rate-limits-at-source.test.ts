import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { createBoxSignClient } from '../../box/sign-client';
import { boxWritesTaskQueue } from '../../contracts';
import { silentLogger } from '../../logging/logger';
import { DEFAULT_BOX_RATE_LIMITS } from '../../worker/box-rate-limits';
import { loadWorkerConfig } from '../../worker/config';
import { createSignWorker } from '../../worker/create-worker';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';

const TASK_QUEUE_TYPE_ACTIVITY = 2;
/** temporal.api.enums.v1.RateLimitSource: the rate a worker set (as opposed to the API or the system default). */
const RATE_LIMIT_SOURCE_WORKER = 2;

describe("rate limiting at the source: Box's per-user limits become Temporal task-queue rates", () => {
  let env: TestWorkflowEnvironment;
  let h: Harness;
  beforeAll(async () => {
    try {
      Runtime.install({ logger: new DefaultLogger('ERROR') });
    } catch {
      // already installed in this file's module registry
    }
    const address = process.env.TEST_TEMPORAL_ADDRESS;
    if (!address) throw new Error('TEST_TEMPORAL_ADDRESS is not set: run the suites through jest (global setup)');
    env = await TestWorkflowEnvironment.createFromExistingServer({ address });
    h = await startHarness();
  }, 60_000);
  afterAll(async () => {
    await h?.teardown();
    await env?.teardown();
  });

  it('the worker caps dispatch server-side: 90 a minute on the writes queue, 900 on the main queue', async () => {
    const config = loadWorkerConfig({ BOX_DEVELOPER_TOKEN: 'token', BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS: 'true' });
    expect(config.boxRateLimits).toEqual(DEFAULT_BOX_RATE_LIMITS);
    const taskQueue = `rate-${randomUUID()}`;
    const worker = await createSignWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      taskQueue,
      box: createBoxSignClient({
        apiBaseUrl: 'http://127.0.0.1:9/2.0',
        tokenUrl: 'http://127.0.0.1:9/oauth2/token',
        auth: { kind: 'developer-token', token: 'unused' },
        timeoutMs: 1_000,
      }),
      logger: silentLogger,
      payloadProtection: { mode: 'insecure-plaintext' },
      boxRateLimits: config.boxRateLimits,
      shutdownGraceTimeMs: 100,
    });
    const running = worker.run();
    try {
      const effectiveRate = async (name: string) =>
        (
          await env.connection.workflowService.describeTaskQueue({
            namespace: 'default',
            taskQueue: { name },
            taskQueueType: TASK_QUEUE_TYPE_ACTIVITY,
            reportConfig: true,
          })
        ).effectiveRateLimit;
      const writes = await eventually(
        () => effectiveRate(boxWritesTaskQueue(taskQueue)),
        (rate) => Number(rate?.rateLimitSource) === RATE_LIMIT_SOURCE_WORKER,
      );
      const main = await eventually(
        () => effectiveRate(taskQueue),
        (rate) => Number(rate?.rateLimitSource) === RATE_LIMIT_SOURCE_WORKER,
      );
      expect(writes?.requestsPerSecond).toBeCloseTo(90 / 60);
      expect(main?.requestsPerSecond).toBeCloseTo(900 / 60);
    } finally {
      worker.shutdown();
      await running;
    }
  });

  it('the workflow schedules the create on the writes queue', async () => {
    const workflowId = await h.start(signRequest({ signers: [{ email: 'queue@example.com', password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.signer(id, 'queue@example.com', 'verify', { password: 'pw' });
    await h.control.signer(id, 'queue@example.com', 'sign');
    expect((await h.result(workflowId)).outcome).toBe('signed');

    const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
    const scheduled = (history.events ?? [])
      .map((event) => event.activityTaskScheduledEventAttributes)
      .filter((attributes) => attributes !== null && attributes !== undefined)
      .map((attributes) => [attributes.activityType?.name, attributes.taskQueue?.name]);
    expect(scheduled).toContainEqual(['createSignRequest', boxWritesTaskQueue(h.taskQueue)]);
    expect(scheduled).toContainEqual(['awaitStatusChange', h.taskQueue]);
  });
});

describe('the rate settings of the worker process', () => {
  const base = { BOX_DEVELOPER_TOKEN: 'token', BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS: 'true' };

  it('reads BOX_WRITE_RATE_PER_MINUTE and BOX_READ_RATE_PER_MINUTE', () => {
    const config = loadWorkerConfig({ ...base, BOX_WRITE_RATE_PER_MINUTE: '50', BOX_READ_RATE_PER_MINUTE: '500' });
    expect(config.boxRateLimits).toEqual({ writesPerMinute: 50, readsPerMinute: 500 });
  });

  it('reports malformed rates with the others', () => {
    expect(() => loadWorkerConfig({ ...base, BOX_WRITE_RATE_PER_MINUTE: '0', BOX_READ_RATE_PER_MINUTE: 'x' })).toThrow(
      /BOX_WRITE_RATE_PER_MINUTE must be a positive whole number[\s\S]*BOX_READ_RATE_PER_MINUTE/,
    );
  });
});
