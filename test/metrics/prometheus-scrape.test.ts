import { freePort } from '../../scripts/processes';
import type { RunningWebhookReceiver } from '../../webhooks/receiver';
import { startWebhookReceiver } from '../../webhooks/receiver';
import { WorkflowNotifier } from '../../webhooks/workflow-notifier';
import type { ChildWorkerRig } from '../support/child-worker-rig';
import { startChildWorkerRig } from '../support/child-worker-rig';
import { signRequest } from '../support/harness';
import type { RunningPrometheus } from '../support/prometheus';
import { startPrometheus } from '../support/prometheus';
import { boxRequestFor, eventually } from '../support/signers';

/**
 * A real Prometheus scrapes the built worker (METRICS_PORT) and a webhook receiver while two requests run to their
 * outcomes; its HTTP API then holds the counts the run must have produced, once each.
 */
describe('metrics, as Prometheus scrapes them', () => {
  let rig: ChildWorkerRig;
  let receiver: RunningWebhookReceiver;
  let prometheus: RunningPrometheus;
  let metricsPort: number;

  beforeAll(async () => {
    const address = process.env.TEST_TEMPORAL_ADDRESS;
    if (!address) throw new Error('TEST_TEMPORAL_ADDRESS is not set: run the suites through jest (global setup)');
    metricsPort = await freePort();
    rig = await startChildWorkerRig(address, undefined, { METRICS_PORT: String(metricsPort) });
    receiver = await startWebhookReceiver({
      keys: { primary: 'metrics-test-primary-key' },
      notifier: new WorkflowNotifier({
        client: rig.client(),
        taskQueue: rig.taskQueue,
        signalTimeoutMs: 5_000,
      }),
    });
    prometheus = await startPrometheus([
      { job: 'worker', address: `127.0.0.1:${metricsPort}` },
      { job: 'receiver', address: `127.0.0.1:${receiver.port}` },
    ]);
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    await receiver?.stop();
    await rig?.teardown();
  }, 60_000);

  it('the worker is ready on its metrics port and serves the SDK metrics there', async () => {
    const ready = await fetch(`http://127.0.0.1:${metricsPort}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
    const live = await fetch(`http://127.0.0.1:${metricsPort}/healthz`);
    expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }]);
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    // What the alert rules use (deploy/prometheus/alerts.yml): the SDK's names and labels.
    expect(text).toMatch(/^temporal_num_pollers\{.*poller_type="workflow_task".*task_queue=/m);
  });

  it('counts requests started and ended, and the Box calls they made, once each', async () => {
    // One 429 on a create: counted as such, with the retry-after the next attempt waited for.
    await rig.control.addFault({
      method: 'POST',
      path: '/2.0/sign_requests',
      status: 429,
      retry_after_seconds: 1,
      count: 1,
    });
    const signed = await rig.start(signRequest({ signers: [{ email: 'metrics-signed@example.com', password: 'pw' }] }));
    const declined = await rig.start(signRequest({ signers: [{ email: 'metrics-declined@example.com' }] }));
    const signedId = await boxRequestFor(rig.control, signed);
    const declinedId = await boxRequestFor(rig.control, declined);
    await rig.control.signer(signedId, 'metrics-signed@example.com', 'verify', { password: 'pw' });
    expect((await rig.control.signer(signedId, 'metrics-signed@example.com', 'sign')).status).toBe(200);
    expect((await rig.control.signer(declinedId, 'metrics-declined@example.com', 'decline')).status).toBe(200);
    expect(await rig.result(signed)).toMatchObject({ outcome: 'signed' });
    expect(await rig.result(declined)).toMatchObject({ outcome: 'declined' });

    // Temporal's meter tags business metrics with the SDK's own camelCase names (taskQueue, workflowType…).
    const queue = `taskQueue=~"${rig.taskQueue}(-box-writes)?"`;
    const values = async (promql: string) =>
      Object.fromEntries((await prometheus.query(promql)).map((s) => [JSON.stringify(s.metric), s.value]));
    const series = (labels: Record<string, string>) => JSON.stringify(labels);
    await eventually(
      () => values(`sum by (outcome) (box_sign_requests_ended_total{${queue}})`),
      (ended) => Object.keys(ended).length === 2,
      30_000,
    );
    expect(await values(`sum by (verification) (box_sign_requests_started_total{${queue}})`)).toEqual({
      [series({ verification: 'password' })]: 1,
      [series({ verification: 'none' })]: 1,
    });
    expect(await values(`sum by (outcome) (box_sign_requests_ended_total{${queue}})`)).toEqual({
      [series({ outcome: 'signed' })]: 1,
      [series({ outcome: 'declined' })]: 1,
    });
    expect(
      await values(`sum by (status_class) (box_sign_box_api_calls_total{operation="create_sign_request",${queue}})`),
    ).toEqual({ [series({ status_class: '2xx' })]: 2, [series({ status_class: '429' })]: 1 });
    expect(await values(`sum(box_sign_box_rate_limited_total{${queue}})`)).toEqual({ [series({})]: 1 });
    const waited = await values(`sum(box_sign_box_retry_after_wait_seconds_total{${queue}})`);
    expect(waited[series({})]).toBeGreaterThanOrEqual(1);
    expect(waited[series({})]).toBeLessThanOrEqual(1.25);
    expect(await values(`sum(box_sign_request_duration_seconds_count{${queue}})`)).toEqual({ [series({})]: 2 });
    const polls = await values(`sum(box_sign_polls_total{result="changed",${queue}})`);
    expect(
      await values(
        'count(temporal_activity_schedule_to_start_latency_bucket{job="worker",task_queue=~".+-box-writes"}) > 0',
      ),
    ).not.toEqual({});
    expect(polls[series({})]).toBeGreaterThanOrEqual(2);
    await eventually(
      () => values('max by (job) (up)'),
      (up) => up[series({ job: 'worker' })] === 1 && up[series({ job: 'receiver' })] === 1,
      20_000,
    );
  }, 120_000);

  it("the receiver's metrics count its requests by route pattern", async () => {
    await fetch(`http://127.0.0.1:${receiver.port}/healthz`);
    await eventually(
      async () => prometheus.query('box_sign_http_requests_total{job="receiver",route="/healthz",status="200"}'),
      (result) => result.length === 1 && result[0]!.value >= 1,
      20_000,
    );
  }, 30_000);
});
