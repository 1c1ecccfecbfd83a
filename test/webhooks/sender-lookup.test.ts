import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { BoxEventRouteResult } from '../../contracts';
import { boxEventRouteWorkflowId, statusQuery } from '../../contracts';
import { emulatorBoxConfig } from '../../scripts/emulator/box-config';
import { parseBoxEvent } from '../../webhooks/box-event';
import type { RunningWebhookReceiver } from '../../webhooks/receiver';
import { startWebhookReceiver } from '../../webhooks/receiver';
import { boxWebhookSignature } from '../../webhooks/signature';
import { WorkflowNotifier } from '../../webhooks/workflow-notifier';
import type { EchoingBoxProxy } from '../support/echoing-box-proxy';
import { startEchoingBoxProxy } from '../support/echoing-box-proxy';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';
import { SLOW_POLLING, randomKey } from './webhook-rig';

const HR = '20001';

/** Box's payload for a Sign event without external_id: only `created_by` tells whose request it is. */
function eventWithoutExternalId(eventId: string, signRequestId: string, createdById: string): string {
  return JSON.stringify({
    type: 'webhook_event',
    id: eventId,
    trigger: 'SIGN_REQUEST.SIGNER_SIGNED',
    created_by: { type: 'user', id: createdById, name: 'Sign Sender', login: 'sender@example.com' },
    additional_info: { sign_request_id: signRequestId, external_id: null },
  });
}

/**
 * The receiver holds no Box credentials (it is given no Box client at all): an event whose payload does not name its
 * workflow is routed by a workflow whose activity, on a worker, does the GET. Every Box call here goes through the
 * echoing proxy in front of the emulator, which only the worker uses.
 */
describe('webhook events without external_id: a worker looks up the owner, as the payload’s created_by user', () => {
  let h: Harness;
  let proxy: EchoingBoxProxy;
  let receiver: RunningWebhookReceiver;
  const key = randomKey();
  beforeAll(async () => {
    proxy = await startEchoingBoxProxy();
    h = await startHarness({
      allowedSenders: [HR],
      box: (emulatorUrl) => {
        proxy.forwardTo(emulatorUrl);
        return emulatorBoxConfig(proxy.url, 5_000);
      },
    });
    receiver = await startWebhookReceiver({
      keys: { primary: key },
      notifier: new WorkflowNotifier({ client: h.client, taskQueue: h.taskQueue, signalTimeoutMs: 5_000 }),
    });
  }, 60_000);
  afterAll(async () => {
    await receiver?.stop();
    await h?.teardown();
    await proxy?.stop();
  });

  function deliver(body: string) {
    const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    return fetch(receiver.webhookUrl, {
      method: 'POST',
      body,
      headers: {
        'BOX-DELIVERY-ID': `d-${Math.random().toString(36).slice(2)}`,
        'BOX-DELIVERY-TIMESTAMP': timestamp,
        'BOX-SIGNATURE-PRIMARY': boxWebhookSignature(body, timestamp, key),
        'BOX-SIGNATURE-VERSION': '1',
        'BOX-SIGNATURE-ALGORITHM': 'HmacSHA256',
      },
    });
  }

  async function waitingRequest(email: string) {
    const input = { ...signRequest({ polling: SLOW_POLLING, signers: [{ email, password: 'pw' }] }) };
    const workflowId = await h.start({ ...input, sender: { boxUserId: HR } });
    return { workflowId, id: await boxRequestFor(h.control, workflowId) };
  }

  const lookupsOf = (id: string) => proxy.calls().filter((c) => c.method === 'GET' && c.path.endsWith(`/${id}`));
  const routeResult = (eventId: string) =>
    h.client.workflow.getHandle(boxEventRouteWorkflowId(eventId)).result() as Promise<BoxEventRouteResult>;

  it('an allowed created_by: the worker’s GET carries as-user of that user, and the workflow is woken', async () => {
    const { workflowId, id } = await waitingRequest('lookup-hr@example.com');
    const before = lookupsOf(id).length;
    const answer = await deliver(eventWithoutExternalId('evt-hr-1', id, HR));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ result: 'routed' });
    expect(await routeResult('evt-hr-1')).toEqual({ kind: 'signalled', workflowId });
    expect(lookupsOf(id).slice(before)[0]).toEqual({ method: 'GET', path: `/2.0/sign_requests/${id}`, asUser: HR });
    await eventually(
      () => h.client.workflow.getHandle(workflowId).query(statusQuery),
      (s) => s.boxEvents === 1,
    );
    await h.client.workflow.getHandle(workflowId).terminate('test cleanup');
  });

  it('a created_by that is not an allowed sender: the GET goes as the default identity, and finds nobody', async () => {
    const { workflowId, id } = await waitingRequest('lookup-other@example.com');
    const before = lookupsOf(id).length;
    const answer = await deliver(eventWithoutExternalId('evt-other-1', id, '20009'));
    expect(await answer.json()).toEqual({ result: 'routed' });
    // As the default identity, Box does not show another user's request: nobody to wake.
    expect(await routeResult('evt-other-1')).toEqual({ kind: 'not_ours' });
    expect(lookupsOf(id).slice(before)).toEqual([{ method: 'GET', path: `/2.0/sign_requests/${id}`, asUser: null }]);
    await h.client.workflow.getHandle(workflowId).terminate('test cleanup');
  });

  it('Box’s retries of one event are routed once (one routing workflow per event id)', async () => {
    const { workflowId, id } = await waitingRequest('lookup-retry@example.com');
    const body = eventWithoutExternalId('evt-retry-1', id, HR);
    expect(await (await deliver(body)).json()).toEqual({ result: 'routed' });
    await routeResult('evt-retry-1');
    const route = h.client.workflow.getHandle(boxEventRouteWorkflowId('evt-retry-1'));
    const { runId } = await route.describe();
    // A restarted receiver (nothing in memory) gets Box's retry: Temporal refuses the second start.
    const restarted = new WorkflowNotifier({ client: h.client, taskQueue: h.taskQueue, signalTimeoutMs: 5_000 });
    const event = parseBoxEvent(Buffer.from(body));
    if (!event.ok) throw new Error(event.problem);
    expect(await restarted.notify(event.event)).toEqual({
      kind: 'routed',
      routeWorkflowId: boxEventRouteWorkflowId('evt-retry-1'),
    });
    await expect(
      h.client.workflow.start('routeBoxEventWorkflow', {
        workflowId: boxEventRouteWorkflowId('evt-retry-1'),
        taskQueue: h.taskQueue,
        args: [
          { notice: { eventId: 'evt-retry-1', trigger: 'x', signRequestId: id, receivedAt: '' }, createdById: HR },
        ],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
    ).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
    // Still the one run, closed: nothing looked the owner up a second time.
    expect(await route.describe()).toMatchObject({ runId, status: { name: 'COMPLETED' } });
    await eventually(
      () => h.client.workflow.getHandle(workflowId).query(statusQuery),
      (s) => s.boxEvents === 1,
    );
    await h.client.workflow.getHandle(workflowId).terminate('test cleanup');
  });

  it('Box’s own payload (the emulator’s, created_by = the sender) without external_id wakes the sender’s workflow', async () => {
    await h.control.configureWebhooks({ address: receiver.webhookUrl, primary_key: key, secondary_key: randomKey() });
    const { workflowId, id } = await waitingRequest('lookup-genuine@example.com');
    const answer = await h.control.sendWebhook({ kind: 'genuine', sign_request_id: id, include_external_id: false });
    expect(answer).toMatchObject({ status: 200, body: { result: 'routed' } });
    await eventually(
      () => h.client.workflow.getHandle(workflowId).query(statusQuery),
      (s) => s.boxEvents === 1,
    );
    await h.client.workflow.getHandle(workflowId).terminate('test cleanup');
  });
});

describe('parseBoxEvent: created_by', () => {
  const body = (createdBy: unknown) =>
    Buffer.from(
      JSON.stringify({ type: 'webhook_event', id: 'e1', trigger: 'SIGN_REQUEST.COMPLETED', created_by: createdBy }),
    );
  const createdById = (createdBy: unknown) => {
    const parsed = parseBoxEvent(body(createdBy));
    return parsed.ok ? parsed.event.createdById : 'not parsed';
  };

  it('reads a Box user id, and ignores anything else (the look-up then goes as the default identity)', () => {
    expect(createdById({ type: 'user', id: '20001' })).toBe('20001');
    expect(createdById(undefined)).toBeNull();
    expect(createdById({ type: 'user', id: 20001 })).toBeNull();
    expect(createdById({ type: 'user', id: '20001, 20002' })).toBeNull();
    expect(createdById('20001')).toBeNull();
  });
});
