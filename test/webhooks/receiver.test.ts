import { Client, Connection } from '@temporalio/client';
import { statusQuery } from '../../contracts';
import type { CraftedWebhook } from 'box-sign-emulator';
import { startWebhookReceiver } from '../../webhooks/receiver';
import { boxWebhookSignature } from '../../webhooks/signature';
import { WorkflowNotifier } from '../../webhooks/workflow-notifier';
import { signRequest } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';
import type { WebhookRig } from './webhook-rig';
import { SLOW_POLLING, randomKey, startWebhookRig } from './webhook-rig';

const SIGNER = 'receiver.signer@example.com';

describe('the webhook receiver', () => {
  let rig: WebhookRig;
  beforeAll(async () => {
    // Only what the tests send: no automatic deliveries getting in the way of the counts.
    rig = await startWebhookRig({ triggers: [] });
  }, 60_000);
  afterAll(() => rig?.teardown());

  /** A waiting workflow (10-minute polls) and its Box request. */
  async function waitingRequest(): Promise<{ workflowId: string; id: string }> {
    const workflowId = await rig.h.start(signRequest({ polling: SLOW_POLLING, signers: [{ email: SIGNER }] }));
    const id = await boxRequestFor(rig.h.control, workflowId);
    return { workflowId, id };
  }

  const boxEvents = async (workflowId: string) =>
    (await rig.h.client.workflow.getHandle(workflowId).query(statusQuery)).boxEvents ?? 0;
  const send = (crafted: CraftedWebhook) => rig.h.control.sendWebhook(crafted);

  /** Signals are applied in order: once a later genuine one shows, an earlier one would have shown too. */
  async function signalsSoFar(workflowId: string, id: string): Promise<number> {
    expect(await send({ kind: 'genuine', sign_request_id: id })).toMatchObject({ status: 200 });
    return (
      (await eventually(
        () => boxEvents(workflowId),
        (n) => n >= 1,
      )) - 1
    );
  }

  it('hands a genuine delivery to its workflow as a signal, and a replay of it to nobody', async () => {
    const { workflowId, id } = await waitingRequest();
    const genuine = await send({ kind: 'genuine', sign_request_id: id, trigger: 'SIGN_REQUEST.SIGNER_SIGNED' });
    expect(genuine).toMatchObject({ status: 200, body: { result: 'signalled' } });
    await eventually(
      () => boxEvents(workflowId),
      (n) => n === 1,
    );

    const replay = await send({ kind: 'replay', delivery_id: genuine.delivery_id });
    expect(replay).toMatchObject({ status: 200, body: { result: 'duplicate' }, event_id: genuine.event_id });
    expect(await signalsSoFar(workflowId, id)).toBe(1);
  });

  it.each([
    ['forged', 'a body altered after signing'],
    ['wrong_key', 'signed with keys the receiver does not have'],
    ['stale', 'signed 11 minutes ago'],
    ['future', 'dated 5 minutes ahead'],
    ['unsigned', 'without signature headers'],
    ['bad_version', 'with signature version 2'],
  ] as const)('answers 401 to a %s delivery (%s) and signals nothing', async (kind, _what) => {
    const { workflowId, id } = await waitingRequest();
    const answer = await send({ kind, sign_request_id: id });
    expect(answer).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    expect(await signalsSoFar(workflowId, id)).toBe(0);
    expect(rig.logs.some((l) => l.includes(answer.delivery_id) && l.includes('webhook delivery rejected'))).toBe(true);
  });

  it('answers 400 to correctly signed bytes that are not a Box event', async () => {
    const { workflowId, id } = await waitingRequest();
    const answer = await send({ kind: 'malformed', sign_request_id: id });
    expect(answer).toMatchObject({ status: 400, body: { error: 'malformed_payload' } });
    expect(await signalsSoFar(workflowId, id)).toBe(0);
  });

  it('accepts both spellings of the disputed trigger names', async () => {
    for (const [guide, spec] of [
      ['SIGN_REQUEST.SIGNER_SIGNED', 'SIGN_REQUEST.SIGN_SIGNER_SIGNED'],
      ['SIGN_REQUEST.SIGNATURE_REQUESTED', 'SIGN_REQUEST.SIGN_DOCUMENT_CREATED'],
      ['SIGN_REQUEST.ERROR_FINALIZING', 'SIGN_REQUEST.SIGN_ERROR_FINALIZING'],
    ]) {
      const { workflowId, id } = await waitingRequest();
      expect(await send({ kind: 'genuine', sign_request_id: id, trigger: guide })).toMatchObject({ status: 200 });
      expect(await send({ kind: 'genuine', sign_request_id: id, trigger: spec })).toMatchObject({ status: 200 });
      await eventually(
        () => boxEvents(workflowId),
        (n) => n >= 1,
      );
    }
  });

  it('answers 400 to a correctly signed trigger it does not know, 200 to Box’s webhook-lifecycle triggers', async () => {
    const post = (trigger: string) => {
      const body = JSON.stringify({ type: 'webhook_event', id: `evt-${trigger}`, trigger, additional_info: [] });
      const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      return fetch(rig.receiver.webhookUrl, {
        method: 'POST',
        body,
        headers: {
          'BOX-DELIVERY-ID': `d-${trigger.replace(/\W/g, '')}`,
          'BOX-DELIVERY-TIMESTAMP': timestamp,
          'BOX-SIGNATURE-PRIMARY': boxWebhookSignature(body, timestamp, rig.keys.primary),
          'BOX-SIGNATURE-VERSION': '1',
          'BOX-SIGNATURE-ALGORITHM': 'HmacSHA256',
        },
      });
    };
    expect((await post('FILE.UPLOADED')).status).toBe(400);
    expect((await post('WEBHOOK.DELETED')).status).toBe(200);
    expect(rig.logs.some((l) => l.includes('"reason":"unsupported_trigger"'))).toBe(true);
    expect(rig.logs.some((l) => l.includes('webhook lifecycle event') && l.includes('WEBHOOK.DELETED'))).toBe(true);
  });

  it('routes a payload without external_id to a worker, whose Box lookup finds the workflow', async () => {
    const { workflowId, id } = await waitingRequest();
    const callsBefore = (await rig.h.control.calls()).length;
    const answer = await send({ kind: 'genuine', sign_request_id: id, include_external_id: false });
    expect(answer).toMatchObject({ status: 200, body: { result: 'routed' } });
    await eventually(
      () => boxEvents(workflowId),
      (n) => n === 1,
    );
    const lookups = (await rig.h.control.calls())
      .slice(callsBefore)
      .filter((c) => c.path === `/2.0/sign_requests/${id}`);
    expect(lookups.length).toBeGreaterThanOrEqual(1);
  });

  it('acknowledges (200) an event for a request this product did not start, or whose workflow has ended', async () => {
    const foreign = await fetch(`${rig.h.emulator.url}/2.0/sign_requests`, {
      method: 'POST',
      headers: { authorization: 'Bearer emulator-developer-token', 'content-type': 'application/json' },
      body: JSON.stringify({
        signers: [{ email: 'someone@example.com' }],
        source_files: [{ type: 'file', id: '1234567890' }],
        parent_folder: { type: 'folder', id: '987654321' },
        external_id: 'another-app-42',
      }),
    });
    const foreignId = ((await foreign.json()) as { id: string }).id;
    expect(await send({ kind: 'genuine', sign_request_id: foreignId })).toMatchObject({
      status: 200,
      body: { result: 'not_ours' },
    });

    const { workflowId, id } = await waitingRequest();
    await rig.h.client.workflow.getHandle(workflowId).terminate('test');
    expect(await send({ kind: 'genuine', sign_request_id: id })).toMatchObject({
      status: 200,
      body: { result: 'workflow_gone' },
    });
  });

  it('answers 503 while Temporal cannot take the signal, so Box retries, and takes the retry once it can', async () => {
    const { workflowId, id } = await waitingRequest();
    const unreachable = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const stranded = await startWebhookReceiver({
      keys: rig.keys,
      notifier: new WorkflowNotifier({ client: unreachable, taskQueue: rig.h.taskQueue, signalTimeoutMs: 500 }),
    });
    let first: Awaited<ReturnType<typeof send>>;
    try {
      await rig.h.control.configureWebhooks({ address: stranded.webhookUrl });
      first = await send({ kind: 'genuine', sign_request_id: id });
      expect(first.status).toBe(503);
    } finally {
      await rig.h.control.configureWebhooks({ address: rig.receiver.webhookUrl });
      await stranded.stop();
    }
    // The same event again, at a receiver that can signal: the failed attempt did not mark it as seen.
    const again = await send({ kind: 'replay', delivery_id: first.delivery_id });
    expect(again).toMatchObject({ status: 200, body: { result: 'signalled' }, event_id: first.event_id });
    await eventually(
      () => boxEvents(workflowId),
      (n) => n === 1,
    );
  });

  it('rejects with a log line that names the reason and holds no signer e-mail, key or signature', async () => {
    const { id } = await waitingRequest();
    await send({ kind: 'forged', sign_request_id: id });
    await send({ kind: 'genuine', sign_request_id: id });
    const all = rig.logs.join('\n');
    expect(all).toContain('"reason":"signature_mismatch"');
    expect(all).not.toContain(SIGNER);
    expect(all).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
    expect(all).not.toContain(rig.keys.primary);
    expect(all).not.toContain(rig.keys.secondary);
  });

  it('takes a rotated key at once (setKeys), and refuses a key that was rotated out', async () => {
    const { workflowId, id } = await waitingRequest();
    const fresh = randomKey();
    await rig.h.control.configureWebhooks({ primary_key: fresh, secondary_key: null });
    try {
      expect((await send({ kind: 'genuine', sign_request_id: id })).status).toBe(401);
      rig.receiver.setKeys({ primary: fresh, secondary: rig.keys.secondary });
      expect((await send({ kind: 'genuine', sign_request_id: id })).status).toBe(200);
      await eventually(
        () => boxEvents(workflowId),
        (n) => n === 1,
      );
    } finally {
      rig.receiver.setKeys(rig.keys);
      await rig.h.control.configureWebhooks({ primary_key: rig.keys.primary, secondary_key: rig.keys.secondary });
    }
  });

  it('counts deliveries by verdict and times the signals on /metrics, and answers /healthz, /health and /readyz', async () => {
    const origin = `http://127.0.0.1:${rig.receiver.port}`;
    const metricsText = async () => (await fetch(`${origin}/metrics`)).text();
    const deliveries = async (): Promise<Record<string, number>> =>
      Object.fromEntries(
        [...(await metricsText()).matchAll(/^box_sign_webhook_deliveries_total\{verdict="([a-z_]+)"\} (\d+)$/gm)].map(
          (m): [string, number] => [m[1] ?? '', Number(m[2])],
        ),
      );
    const before = await deliveries();
    const { id } = await waitingRequest();
    const genuine = await send({ kind: 'genuine', sign_request_id: id });
    await send({ kind: 'replay', delivery_id: genuine.delivery_id });
    await send({ kind: 'forged', sign_request_id: id });
    const after = await deliveries();
    const grown = Object.fromEntries(
      Object.entries(after)
        .map(([verdict, n]) => [verdict, n - (before[verdict] ?? 0)])
        .filter(([, n]) => n !== 0),
    );
    expect(grown).toEqual({ signalled: 1, duplicate: 1, signature_mismatch: 1 });
    expect(await metricsText()).toMatch(/^box_sign_webhook_signal_duration_seconds_count [1-9]/m);
    expect(await metricsText()).not.toContain(id);
    for (const path of ['/healthz', '/health']) {
      const live = await fetch(`${origin}${path}`);
      expect([path, live.status, await live.json()]).toEqual([path, 200, { status: 'ok' }]);
    }
    const ready = await fetch(`${origin}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
  });
});
