import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { randomUUID } from 'node:crypto';
import { createBoxSignClient } from '../../box/sign-client';
import { DEFAULT_SENDER_KEY, boxWritesTaskQueue } from '../../contracts';
import { silentLogger } from '../../logging/logger';
import { applySenderQuotas, perMinute, readSenderQuotas } from '../../quotas/sender-quotas';
import { DEFAULT_SENDER_RATE_LIMITS } from '../../quotas/sender-rate-limits';
import { loadWorkerConfig } from '../../worker/config';
import { createSignWorker } from '../../worker/create-worker';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';

const { TASK_QUEUE_TYPE_ACTIVITY } = temporal.api.enums.v1.TaskQueueType;
/** The rate a worker set (as opposed to the API or the system default). */
const { RATE_LIMIT_SOURCE_WORKER } = temporal.api.enums.v1.RateLimitSource;

describe("rate limiting at the source: Box's per-user limits become per-sender Temporal task-queue rates", () => {
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

  /** A worker on a queue of its own, logging its warnings into `warnings`. */
  async function runWorkerBriefly(taskQueue: string, warnings: string[]): Promise<void> {
    const config = loadWorkerConfig({ BOX_DEVELOPER_TOKEN: 'token', BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS: 'true' });
    const worker = await createSignWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      taskQueue,
      // Versioned as in production (a deployment of its own); no task ever reaches it, so none is made current.
      versioning: { deploymentName: `rate-${taskQueue.slice(-12)}` },
      box: createBoxSignClient({
        apiBaseUrl: 'http://127.0.0.1:9/2.0',
        uploadBaseUrl: 'http://127.0.0.1:9/api/2.0',
        tokenUrl: 'http://127.0.0.1:9/oauth2/token',
        auth: { kind: 'developer-token', token: 'unused' },
        timeoutMs: 1_000,
      }),
      logger: { ...silentLogger, warn: (message) => warnings.push(message) },
      payloadProtection: { mode: 'insecure-plaintext' },
      senderRateLimits: config.senderRateLimits,
      shutdownGraceTimeMs: 100,
    });
    const running = worker.run();
    try {
      // Pollers report a worker-set rate with their polls: once they are seen, so would be such a rate.
      for (const name of [taskQueue, boxWritesTaskQueue(taskQueue)]) {
        const rate = await eventually(
          () => describeActivityQueue(name),
          (d) => (d.pollers ?? []).length > 0,
        );
        expect(Number(rate.effectiveRateLimit?.rateLimitSource)).not.toBe(RATE_LIMIT_SOURCE_WORKER);
      }
    } finally {
      worker.shutdown();
      await running;
    }
  }

  function describeActivityQueue(name: string) {
    return env.connection.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name },
      taskQueueType: TASK_QUEUE_TYPE_ACTIVITY,
      reportConfig: true,
    });
  }

  it('the worker sets no queue-wide rate (it would cap all senders together) and warns, naming the command, when no per-sender quota is set', async () => {
    const taskQueue = `rate-${randomUUID()}`;
    const warnings: string[] = [];
    await runWorkerBriefly(taskQueue, warnings);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain(`No per-sender rate limit on task queue ${boxWritesTaskQueue(taskQueue)}`);
    expect(warnings[1]).toContain(`No per-sender rate limit on task queue ${taskQueue}`);
    for (const warning of warnings) expect(warning).toContain('Run `box-sign quotas apply`');
  });

  it('applied quotas are 90 creates + resends and 900 reads a minute per sender, read back; the worker then warns of nothing', async () => {
    const taskQueue = `rate-${randomUUID()}`;
    const scope = { namespace: 'default', taskQueue };
    await applySenderQuotas(env.connection.workflowService, scope, DEFAULT_SENDER_RATE_LIMITS, 'rate test');
    const quotas = await readSenderQuotas(env.connection.workflowService, scope);
    expect(quotas.map((q) => [q.taskQueue, perMinute(q.perSenderPerSecond ?? 0), q.queueWidePerSecond])).toEqual([
      [boxWritesTaskQueue(taskQueue), 90, null],
      [taskQueue, 900, null],
    ]);
    expect(quotas[0]?.reason).toContain('BOX_WRITE_RATE_PER_MINUTE=90');
    const warnings: string[] = [];
    await runWorkerBriefly(taskQueue, warnings);
    expect(warnings).toEqual([]);
  });

  it('a quota that differs from the settings, or a queue-wide limit, is named in a warning', async () => {
    const taskQueue = `rate-${randomUUID()}`;
    const scope = { namespace: 'default', taskQueue };
    await applySenderQuotas(env.connection.workflowService, scope, { writesPerMinute: 60, readsPerMinute: 900 }, 'x');
    await env.connection.workflowService.updateTaskQueueConfig({
      namespace: 'default',
      identity: 'rate test',
      taskQueue,
      taskQueueType: TASK_QUEUE_TYPE_ACTIVITY,
      updateQueueRateLimit: { rateLimit: { requestsPerSecond: 5 }, reason: 'rate test' },
    });
    const warnings: string[] = [];
    await runWorkerBriefly(taskQueue, warnings);
    expect(warnings).toEqual([
      expect.stringContaining('is 60 a minute, BOX_WRITE_RATE_PER_MINUTE says 90'),
      expect.stringContaining('A queue-wide rate limit (300 a minute) caps all senders'),
    ]);
  });

  it('the workflow schedules the create on the writes queue, every Box call with its sender and priority', async () => {
    const workflowId = await h.start(signRequest({ signers: [{ email: 'queue@example.com', password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.signer(id, 'queue@example.com', 'verify', { password: 'pw' });
    await h.control.signer(id, 'queue@example.com', 'sign');
    expect((await h.result(workflowId)).outcome).toBe('signed');

    const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
    const scheduled = (history.events ?? [])
      .map((event) => event.activityTaskScheduledEventAttributes)
      .filter((attributes) => attributes !== null && attributes !== undefined)
      .map((attributes) => [
        attributes.activityType?.name,
        attributes.taskQueue?.name,
        attributes.priority?.fairnessKey,
        attributes.priority?.priorityKey,
      ]);
    // No sender named: the deployment's default sender is the fairness key.
    expect(scheduled).toContainEqual(['createSignRequest', boxWritesTaskQueue(h.taskQueue), DEFAULT_SENDER_KEY, 3]);
    expect(scheduled).toContainEqual(['awaitStatusChange', h.taskQueue, DEFAULT_SENDER_KEY, 4]);
  });
});

describe('the per-sender rate settings of the worker process', () => {
  const base = { BOX_DEVELOPER_TOKEN: 'token', BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS: 'true' };

  it('defaults to 90% of Box’s per-user limits', () => {
    expect(loadWorkerConfig(base).senderRateLimits).toEqual({ writesPerMinute: 90, readsPerMinute: 900 });
    expect(DEFAULT_SENDER_RATE_LIMITS).toEqual({ writesPerMinute: 90, readsPerMinute: 900 });
  });

  it('reads BOX_WRITE_RATE_PER_MINUTE and BOX_READ_RATE_PER_MINUTE', () => {
    const config = loadWorkerConfig({ ...base, BOX_WRITE_RATE_PER_MINUTE: '50', BOX_READ_RATE_PER_MINUTE: '500' });
    expect(config.senderRateLimits).toEqual({ writesPerMinute: 50, readsPerMinute: 500 });
  });

  it('reports malformed rates with the others', () => {
    expect(() => loadWorkerConfig({ ...base, BOX_WRITE_RATE_PER_MINUTE: '0', BOX_READ_RATE_PER_MINUTE: 'x' })).toThrow(
      /BOX_WRITE_RATE_PER_MINUTE must be a positive whole number[\s\S]*BOX_READ_RATE_PER_MINUTE/,
    );
  });
});
