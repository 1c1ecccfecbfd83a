import type { Client } from '@temporalio/client';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WorkflowFailedError } from '@temporalio/client';
import { cancelSignRequest, getSignRequestStatus, startSignRequest } from '../../client';
import { formatState } from '../../client/cli/format/state';
import type { CallbackInput, SignRequestInput, SignRequestResult } from '../../contracts';
import { CALLBACK_RETRY, ErrorType, workflowIdForBusinessKey } from '../../contracts';
import type { CallbackReceiver, ReceivedCallback } from '../support/callback-receiver';
import { generateCallbackSecret, startCallbackReceiver } from '../support/callback-receiver';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';
import { historyEvents } from '../support/workflow-history';

const CLIENT = 'hr-suite';
const PHONE = '+15550001234';

describe('completion callbacks', () => {
  const secret = generateCallbackSecret();
  let h: Harness;
  let receiver: CallbackReceiver;

  beforeAll(async () => {
    receiver = await startCallbackReceiver(secret);
    h = await startHarness({
      callbacks: { secretFor: (name) => (name === CLIENT ? secret : undefined), allowHosts: ['127.0.0.1'] },
    });
  }, 60_000);
  afterAll(async () => {
    await h?.teardown();
    await receiver?.stop();
  });
  beforeEach(() => {
    receiver.answer = () => 200;
  });

  /** Starts as the API would: the ApiClient search attribute names the client whose secret signs the callback. */
  async function start(
    input: SignRequestInput,
    callback: Partial<CallbackInput> = {},
    apiClient: string = CLIENT,
  ): Promise<string> {
    const withCallback = { ...input, callback: { url: receiver.url, ...callback } };
    const started = await startSignRequest(h.client, withCallback, {
      taskQueue: h.taskQueue,
      sealing: h.sealing,
      apiClient,
      startBinding: h.startBinding,
      callbackAllowHosts: ['127.0.0.1'],
    });
    return started.workflowId;
  }

  async function sign(id: string, email: string, password: string): Promise<void> {
    await h.control.signer(id, email, 'verify', { password });
    await h.control.signer(id, email, 'view');
    await h.control.signer(id, email, 'sign');
  }

  /** Every delivery of a workflow verified with the standardwebhooks library (a bad signature fails the test). */
  function deliveries(workflowId: string): ReceivedCallback[] {
    const all = receiver.received.filter((r) => r.body.includes(JSON.stringify(workflowId)));
    for (const delivery of all) {
      expect(delivery.verifyError).toBeNull();
      expectNoSecrets(delivery, []);
    }
    return all;
  }

  const accepted = (workflowId: string) => deliveries(workflowId).filter((d) => d.status < 300);

  function expectNoSecrets(delivery: ReceivedCallback, secrets: string[]): void {
    for (const value of secrets) expect(delivery.body).not.toContain(value);
    expect(delivery.body).not.toMatch(/"(password|verificationPhoneNumber|phone\w*)"\s*:/i);
  }

  it('a signed request sends exactly one sign_request.signed event, signed per Standard Webhooks', async () => {
    const signers = [
      { email: 'phone.cb@example.com', order: 1, verificationPhoneNumber: PHONE },
      { email: 'pw.cb@example.com', order: 2, password: 'cb-secret-pw' },
    ];
    const workflowId = await start(signRequest({ signers }));
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.signer(id, signers[0]!.email, 'send-code');
    const code = await h.control.latestCode(id, signers[0]!.email);
    expect((await h.control.signer(id, signers[0]!.email, 'verify', { code })).status).toBe(200);
    expect((await h.control.signer(id, signers[0]!.email, 'sign')).status).toBe(200);
    await eventually(
      () => h.control.request(id),
      (r) => r.signers.some((s) => s.email === signers[1]!.email && s.invited),
    );
    await sign(id, signers[1]!.email, 'cb-secret-pw');

    const result = await h.result(workflowId);
    expect(result.outcome).toBe('signed');
    expect(result.callback).toEqual({
      delivered: true,
      deliveredAt: expect.any(String),
      attempts: 1,
      lastError: null,
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const [delivery, ...more] = deliveries(workflowId);
    expect(more).toEqual([]);
    expect(delivery!.path).toBe('/hooks/box-sign?token=receiver-token');
    expect(delivery!.headers['content-type']).toBe('application/json');
    expect(delivery!.headers['user-agent']).toMatch(/^box-sign-temporal-callbacks\//);
    expect(delivery!.headers['webhook-id']).toBe(`msg_${encodeURIComponent(workflowId)}_sign_request.signed`);
    expect(delivery!.headers['webhook-signature']).toMatch(/^v1,/);
    expect(delivery!.event).toEqual({
      type: 'sign_request.signed',
      timestamp: expect.any(String),
      data: {
        businessKey: result.businessKey,
        workflowId,
        signRequestId: id,
        outcome: 'signed',
        status: 'signed',
        signers: [
          expect.objectContaining({ email: signers[0]!.email, decision: 'signed', decidedAt: expect.any(String) }),
          expect.objectContaining({ email: signers[1]!.email, decision: 'signed', decidedAt: expect.any(String) }),
        ],
        signedFileIds: result.signedFileIds,
        signingLogFileId: result.signingLogFileId,
        finishedAt: result.finishedAt,
        cancellation: null,
        failure: null,
        // The evidence, collected before the outcome event (test/e2e/evidence.test.ts covers it in depth).
        documents: result.documents,
        evidence: result.evidence,
        shortId: result.shortId,
        signerEvidence: result.signerEvidence,
      },
    });
    expect(result.signedFileIds.length).toBeGreaterThan(0);
    expect(result.documents?.map((d) => d.kind)).toEqual(['signed', 'signingLog']);
    expectNoSecrets(delivery!, ['cb-secret-pw', PHONE, PHONE.slice(-4)]);

    const status = await getSignRequestStatus(h.client, workflowId);
    expect(status.callback).toMatchObject({
      host: '127.0.0.1:' + new URL(receiver.url).port,
      state: 'delivered',
      attempts: 1,
      eventsDelivered: 1,
    });
    expect(JSON.stringify(status.callback)).not.toContain('receiver-token');
  });

  it('a receiver that answers 503 at first gets the event once, with the same webhook-id on every attempt', async () => {
    receiver.answer = ({ attempt }) => (attempt <= 2 ? 503 : 200);
    const workflowId = await start(signRequest({ signers: [{ email: 'retry.cb@example.com', password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await sign(id, 'retry.cb@example.com', 'pw');

    const result = await h.result(workflowId);
    expect(result.callback).toMatchObject({ delivered: true, attempts: 3, lastError: null });
    const all = deliveries(workflowId);
    expect(all.map((d) => d.status)).toEqual([503, 503, 200]);
    expect(new Set(all.map((d) => d.headers['webhook-id'])).size).toBe(1);
    expect(new Set(all.map((d) => d.body)).size).toBe(1);
    expect(accepted(workflowId)).toHaveLength(1);
  });

  it('declined and expired requests send theirs', async () => {
    const declinedId = await start(signRequest({ signers: [{ email: 'no.cb@example.com', password: 'pw' }] }));
    const expiredId = await start(
      signRequest({ daysValid: 2, signers: [{ email: 'late.cb@example.com', password: 'pw' }] }),
    );
    const id = await boxRequestFor(h.control, declinedId);
    await boxRequestFor(h.control, expiredId);
    await h.control.signer(id, 'no.cb@example.com', 'verify', { password: 'pw' });
    await h.control.signer(id, 'no.cb@example.com', 'decline', { reason: 'not mine' });
    await h.control.advanceClock({ days: 3 });

    expect((await h.result(declinedId)).outcome).toBe('declined');
    expect((await h.result(expiredId)).outcome).toBe('expired');
    const [declined] = accepted(declinedId);
    expect(declined?.event).toMatchObject({
      type: 'sign_request.declined',
      data: { outcome: 'declined', signers: [{ email: 'no.cb@example.com', decision: 'declined' }] },
    });
    const [expired] = accepted(expiredId);
    expect(expired?.event).toMatchObject({ type: 'sign_request.expired', data: { outcome: 'expired' } });
    expect(accepted(declinedId)).toHaveLength(1);
    expect(accepted(expiredId)).toHaveLength(1);
  });

  it('signer.signed events arrive when asked for, one per signer, before the outcome', async () => {
    const signers = [
      { email: 'one.cb@example.com', order: 1, password: 'p1' },
      { email: 'two.cb@example.com', order: 2, password: 'p2' },
    ];
    const workflowId = await start(signRequest({ signers }), { events: ['signer.signed'] });
    const id = await boxRequestFor(h.control, workflowId);
    await sign(id, signers[0]!.email, 'p1');
    const first = await eventually(
      () => Promise.resolve(accepted(workflowId)),
      (d) => d.length === 1,
    );
    expect(first[0]!.event).toMatchObject({
      type: 'signer.signed',
      data: { outcome: null, signer: { email: signers[0]!.email, decision: 'signed' } },
    });
    await eventually(
      () => h.control.request(id),
      (r) => r.signers.some((s) => s.email === signers[1]!.email && s.invited),
    );
    await sign(id, signers[1]!.email, 'p2');
    await h.result(workflowId);

    const events = accepted(workflowId).map((d) => d.event!);
    expect(events.map((e) => e.type)).toEqual(['signer.signed', 'signer.signed', 'sign_request.signed']);
    expect(events.map((e) => e.data.signer?.email)).toEqual([signers[0]!.email, signers[1]!.email, undefined]);
    const ids = accepted(workflowId).map((d) => d.headers['webhook-id']);
    expect(new Set(ids).size).toBe(3);
  });

  it('a 400 from the receiver stops the retries, and the status and the result say why', async () => {
    receiver.answer = () => 400;
    const workflowId = await start(signRequest({ signers: [{ email: 'bad.cb@example.com', password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await sign(id, 'bad.cb@example.com', 'pw');

    const result = await h.result(workflowId);
    expect(result.outcome).toBe('signed');
    expect(result.callback).toMatchObject({ delivered: false, attempts: 1 });
    expect(result.callback?.lastError).toContain(ErrorType.CallbackRejected);
    expect(result.callback?.lastError).toContain('http 4xx: not retried');
    expect(result.callback?.lastError).not.toContain('400');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(deliveries(workflowId)).toHaveLength(1);
    const status = await getSignRequestStatus(h.client, workflowId);
    expect(status.callback).toMatchObject({ state: 'failed', eventsFailed: 1 });
    expect(status.callback?.lastError).toContain('http 4xx');
  });

  it('while delivery keeps failing, the outcome is already in the status and the workflow says why it runs', async () => {
    receiver.answer = () => 503;
    const workflowId = await start(signRequest({ signers: [{ email: 'down.cb@example.com', password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await sign(id, 'down.cb@example.com', 'pw');

    const status = await eventually(
      () => getSignRequestStatus(h.client, workflowId),
      (s) => (s.callback?.attempts ?? 0) >= 2,
    );
    expect(status.phase).toBe('completed');
    expect(status.result).toMatchObject({ outcome: 'signed', signRequestId: id });
    expect(status.callback).toMatchObject({ state: 'delivering', event: 'sign_request.signed' });
    expect(status.callback?.lastError).toContain('http 5xx');
    expect((await h.client.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');
    const printed = formatState(status);
    expect(printed).toContain('outcome:        signed');
    expect(printed).toMatch(
      /callback: +delivering sign_request\.signed to 127\.0\.0\.1:\d+, \d+ attempt\(s\), last error: .*http 5xx/,
    );

    receiver.answer = () => 200;
    const result = await h.result(workflowId);
    expect(result.callback).toMatchObject({ delivered: true });
    // The status counts the attempt in flight or due; it (or a later one) is the one the healed receiver took.
    expect(result.callback!.attempts).toBeGreaterThanOrEqual(Math.max(2, status.callback?.attempts ?? 0));
  });

  it('deliveries run on their own task queue, fair between API clients', async () => {
    const workflowId = await start(signRequest({ signers: [{ email: 'queue.cb@example.com', password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await sign(id, 'queue.cb@example.com', 'pw');
    await h.result(workflowId);
    const events = await historyEvents(h.client.workflow.getHandle(workflowId));
    const deliveries = events
      .map((e) => e.activityTaskScheduledEventAttributes)
      .filter((a) => a?.activityType?.name === 'deliverCallback');
    expect(deliveries.length).toBeGreaterThan(0);
    for (const scheduled of deliveries) {
      expect(scheduled?.taskQueue?.name).toBe(`${h.taskQueue}-callbacks`);
      expect(scheduled?.priority?.fairnessKey).toBe(`callbacks:${CLIENT}`);
    }
  });

  it('a receiver that trickles its answer byte by byte for ever: each attempt ends at its own timeout', async () => {
    const trickler = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const drip = setInterval(() => res.write('.'), 500);
      res.on('close', () => clearInterval(drip));
    });
    await new Promise<void>((resolve) => trickler.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(trickler.address() as AddressInfo).port}/slow`;
      const email = 'trickle.cb@example.com';
      const workflowId = await start(signRequest({ signers: [{ email, password: 'pw' }] }), { url });
      const id = await boxRequestFor(h.control, workflowId);
      const signedAt = Date.now();
      await sign(id, email, 'pw');
      const status = await eventually(
        () => getSignRequestStatus(h.client, workflowId),
        (s) => (s.callback?.lastError ?? null) !== null,
        30_000,
      );
      // The activity's own deadline ended the attempt (not Temporal's start-to-close timeout, 5 s later, which
      // would leave the POST running in its worker slot).
      expect(status.callback?.lastError).toMatch(/127\.0\.0\.1:\d+: timeout$/);
      expect(Date.now() - signedAt).toBeLessThan(CALLBACK_RETRY.attemptTimeoutMs + 5_000 + 3_000);
      await h.client.workflow.getHandle(workflowId).terminate('test over');
    } finally {
      trickler.closeAllConnections();
      await new Promise((resolve) => trickler.close(resolve));
    }
  }, 60_000);

  it('an operator cancel sends sign_request.cancelled with the reason', async () => {
    const workflowId = await start(signRequest({ signers: [{ email: 'stop.cb@example.com', password: 'pw' }] }));
    await boxRequestFor(h.control, workflowId);
    await eventually(
      () => getSignRequestStatus(h.client, workflowId),
      (s) => s.boxStatus === 'sent',
    );
    await cancelSignRequest(h.client, workflowId, 'customer withdrew');
    expect((await h.result(workflowId)).outcome).toBe('cancelled');
    const [cancelled] = accepted(workflowId);
    expect(cancelled?.event).toMatchObject({
      type: 'sign_request.cancelled',
      data: { outcome: 'cancelled', cancellation: { by: 'operator', reason: 'customer withdrew' } },
    });
  });

  it('a Box error status sends sign_request.failed with the failure type, and the workflow still fails', async () => {
    const workflowId = await start(signRequest({ signers: [{ email: 'err.cb@example.com', password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.forceStatus(id, 'error_sending', 'delivery_failed');
    await expect(h.result(workflowId)).rejects.toBeInstanceOf(WorkflowFailedError);
    const [failed] = accepted(workflowId);
    expect(failed?.event).toMatchObject({
      type: 'sign_request.failed',
      data: { outcome: 'failed', failure: { type: ErrorType.BoxSignRequestFailed } },
    });
    expect(failed?.event?.data.failure?.message).toContain('error_sending');
  });

  it('a worker without the client’s secret fails the delivery at once, saying so, and the outcome stands', async () => {
    const workflowId = await start(
      signRequest({ signers: [{ email: 'nokey.cb@example.com', password: 'pw' }] }),
      {},
      'unknown-client',
    );
    const id = await boxRequestFor(h.control, workflowId);
    await sign(id, 'nokey.cb@example.com', 'pw');
    const result: SignRequestResult = await h.result(workflowId);
    expect(result.outcome).toBe('signed');
    expect(result.callback).toMatchObject({ delivered: false });
    expect(result.callback?.lastError).toContain(ErrorType.CallbackSecretMissing);
    expect(result.callback?.lastError).toContain("'unknown-client'");
    expect(deliveries(workflowId)).toEqual([]);
  });

  it('continue-as-new loses no event and raises none twice: one signer.signed per signer, then the outcome', async () => {
    const signers = Array.from({ length: 6 }, (_, i) => ({
      email: `can${i}.cb@example.com`,
      order: i + 1,
      password: `pw${i}`,
    }));
    const workflowId = await start(signRequest({ signers, maxHistoryEventsPerRun: 50 }), {
      events: ['signer.signed'],
    });
    const id = await boxRequestFor(h.control, workflowId);
    for (const signer of signers) {
      await eventually(
        () => getSignRequestStatus(h.client, workflowId),
        (s) => s.signers.find((x) => x.email === signer.email)?.progress === 'invited',
      );
      await sign(id, signer.email, signer.password);
    }
    const result = await h.result(workflowId);
    expect(result.callback).toMatchObject({ delivered: true });
    const status = await getSignRequestStatus(h.client, workflowId);
    expect(status.run).toBeGreaterThan(1);
    expect(status.callback).toMatchObject({ state: 'delivered', eventsQueued: 0, eventsFailed: 0 });
    // At least once: a POST in flight when the run continued is sent again by the next run, with the same id and body.
    const byId = new Map<string, ReceivedCallback[]>();
    for (const d of accepted(workflowId))
      byId.set(String(d.headers['webhook-id']), [...(byId.get(String(d.headers['webhook-id'])) ?? []), d]);
    for (const copies of byId.values()) expect(new Set(copies.map((d) => d.body)).size).toBe(1);
    const events = [...byId.values()].map(([first]) => first!.event!);
    expect(events.map((e) => e.data.signer?.email ?? e.type)).toEqual([
      ...signers.map((s) => s.email),
      'sign_request.signed',
    ]);
  });

  it('a workflow cancelled in Temporal cancels on Box and sends sign_request.cancelled', async () => {
    const workflowId = await start(signRequest({ signers: [{ email: 'tc.cb@example.com', password: 'pw' }] }));
    await boxRequestFor(h.control, workflowId);
    await eventually(
      () => getSignRequestStatus(h.client, workflowId),
      (s) => s.boxStatus === 'sent',
    );
    await h.client.workflow.getHandle(workflowId).cancel();
    await expect(h.result(workflowId)).rejects.toBeInstanceOf(WorkflowFailedError);
    const [cancelled] = accepted(workflowId);
    expect(cancelled?.event).toMatchObject({
      type: 'sign_request.cancelled',
      data: { outcome: 'cancelled', status: 'cancelled', cancellation: { by: 'temporal' } },
    });
  });

  describe('refused before any Box call', () => {
    async function refusal(client: Client, input: SignRequestInput, apiClient?: string): Promise<Error> {
      const options = { taskQueue: h.taskQueue, sealing: h.sealing, apiClient, callbackAllowHosts: [] };
      return (await startSignRequest(client, input, options).catch((err: unknown) => err)) as Error;
    }

    it('a private-address callback URL not in the allow list', async () => {
      const input = {
        ...signRequest({ signers: [{ email: 'ssrf.cb@example.com', password: 'pw' }] }),
        callback: { url: 'http://127.0.0.1:9/internal' },
      };
      const err = await refusal(h.client, input, CLIENT);
      expect(err.name).toBe(ErrorType.InvalidSignRequestInput);
      expect(err.message).toContain('callback.url');
      const https = await refusal(h.client, { ...input, callback: { url: 'https://169.254.169.254/latest' } }, CLIENT);
      expect(https.message).toContain('metadata');
      expect(await h.control.findByExternalId(workflowIdForBusinessKey(input.businessKey))).toEqual([]);
    });

    it('a callback without the API client whose secret would sign it', async () => {
      const input = {
        ...signRequest({ signers: [{ email: 'anon.cb@example.com', password: 'pw' }] }),
        callback: { url: 'https://93.184.215.14/hooks' },
      };
      const err = await refusal(h.client, input);
      expect(err.name).toBe(ErrorType.InvalidSignRequestInput);
      expect(err.message).toContain('callback needs the starting API client');
      expect(await h.control.findByExternalId(workflowIdForBusinessKey(input.businessKey))).toEqual([]);
    });
  });
});
