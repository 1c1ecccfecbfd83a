import { clientScopedWorkflowId } from '../../contracts';
import { Client } from '@temporalio/client';
import { signRequestStartOptions } from '../../client/sign-requests';
import { createDataConverter } from '../../config/data-converter';
import type { SignRequestInput } from '../../contracts';
import { SIGN_REQUEST_WORKFLOW_TYPE } from '../../contracts';
import { generateKeyRing } from '../../encryption/key-ring';
import type { ApiCallResult, ApiRig, RigClients } from '../support/api-rig';
import type { CallbackReceiver, ReceivedCallback } from '../support/callback-receiver';
import { startCallbackReceiver } from '../support/callback-receiver';
import type { Harness } from '../support/harness';
import { signRequest } from '../support/harness';
import type { ApiStack } from '../support/api-stack';
import { startApiStack } from '../support/api-stack';
import { eventually } from '../support/signers';

const PHONE = '+15557770142';
const PASSWORD = 'api-e2e-Password!';

/**
 * A business system that only speaks HTTP: it starts requests through the API with its key, the signers act on Box
 * (the emulator), and the outcome reaches it as a Standard Webhooks callback signed with its own secret — the
 * worker, the API and the receiver all real, over loopback.
 */
describe('business system over HTTP: API in, signed callback out', () => {
  let stack: ApiStack;
  let rigClients: RigClients;
  let h: Harness;
  let api: ApiRig;
  let receiver: CallbackReceiver;

  beforeAll(async () => {
    stack = await startApiStack();
    ({ rigClients, h, api } = stack);
    receiver = await startCallbackReceiver(rigClients.clients.byName('client-a')?.callbackSecret ?? '');
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
    await receiver?.stop();
  });
  beforeEach(() => {
    receiver.answer = () => 200;
  });

  function withCallback(input: SignRequestInput): SignRequestInput {
    return { ...input, callback: { url: receiver.url } };
  }

  async function startThroughApi(input: SignRequestInput): Promise<{ workflowId: string; signRequestId: string }> {
    const created = await api.call('POST', '/v1/sign-requests', { body: withCallback(input) });
    expect(created.status).toBe(201);
    const answer = created.body as { workflowId: string; signRequestId: string };
    const [onBox] = await h.control.findByExternalId(answer.workflowId);
    expect(answer.signRequestId).toBe(onBox?.sign_request.id);
    return answer;
  }

  async function resultOf(businessKey: string): Promise<ApiCallResult['body']> {
    const answer = await eventually(
      () => api.call('GET', `/v1/sign-requests/${businessKey}/result?waitSeconds=5`),
      (r) => r.status === 200,
      30_000,
    );
    return answer.body;
  }

  /** Every delivery for the workflow, each verified with the standardwebhooks library. */
  function deliveries(workflowId: string): ReceivedCallback[] {
    const all = receiver.forWorkflow(workflowId);
    for (const delivery of all) expect(delivery.verifyError).toBeNull();
    return all;
  }

  async function outcomeEvents(workflowId: string, count = 1): Promise<ReceivedCallback[]> {
    return eventually(
      () => Promise.resolve(deliveries(workflowId).filter((d) => d.status < 300)),
      (delivered) => delivered.length >= count,
      30_000,
    );
  }

  it('a phone-verified and a password-verified signer sign: one verified sign_request.signed event, no secrets', async () => {
    const input = signRequest({
      signers: [
        { email: 'phone.api@example.com', verificationPhoneNumber: PHONE, order: 1 },
        { email: 'password.api@example.com', password: PASSWORD, order: 1 },
      ],
    });
    const { workflowId, signRequestId } = await startThroughApi(input);
    // Signing is refused until the SMS code Box texts to the phone is entered.
    expect((await h.control.signer(signRequestId, 'phone.api@example.com', 'sign')).status).toBe(403);
    await h.control.signer(signRequestId, 'phone.api@example.com', 'send-code');
    const code = await h.control.latestCode(signRequestId, 'phone.api@example.com');
    await h.control.signer(signRequestId, 'phone.api@example.com', 'verify', { code });
    await h.control.signer(signRequestId, 'phone.api@example.com', 'sign');
    await h.control.signer(signRequestId, 'password.api@example.com', 'verify', { password: PASSWORD });
    await h.control.signer(signRequestId, 'password.api@example.com', 'sign');

    const result = await resultOf(input.businessKey);
    expect(result).toMatchObject({ state: 'completed', result: { outcome: 'signed', signRequestId } });
    const [delivered] = await outcomeEvents(workflowId);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(deliveries(workflowId)).toHaveLength(1);
    expect(delivered?.event).toMatchObject({
      type: 'sign_request.signed',
      data: { businessKey: input.businessKey, workflowId, signRequestId, outcome: 'signed' },
    });
    expect(delivered?.body).not.toContain(PASSWORD);
    expect(delivered?.body).not.toContain(PHONE);
    expect(delivered?.body).not.toContain(PHONE.slice(2));
  });

  it('a receiver down for its first attempts still gets the event once, with the same webhook-id each time', async () => {
    receiver.answer = ({ attempt }) => (attempt <= 2 ? 503 : 200);
    const input = signRequest({ signers: [{ email: 'retry.api@example.com', password: PASSWORD }] });
    const { workflowId, signRequestId } = await startThroughApi(input);
    await h.control.signer(signRequestId, 'retry.api@example.com', 'verify', { password: PASSWORD });
    await h.control.signer(signRequestId, 'retry.api@example.com', 'sign');

    await outcomeEvents(workflowId);
    const all = deliveries(workflowId);
    expect(all.map((d) => d.status)).toEqual([503, 503, 200]);
    expect(new Set(all.map((d) => d.headers['webhook-id'])).size).toBe(1);
    expect((await resultOf(input.businessKey)).result.outcome).toBe('signed');
  });

  it('a declined request sends sign_request.declined', async () => {
    const input = signRequest({ signers: [{ email: 'decline.api@example.com', password: PASSWORD }] });
    const { workflowId, signRequestId } = await startThroughApi(input);
    await h.control.signer(signRequestId, 'decline.api@example.com', 'verify', { password: PASSWORD });
    await h.control.signer(signRequestId, 'decline.api@example.com', 'decline', { reason: 'not mine' });

    const [delivered] = await outcomeEvents(workflowId);
    expect(delivered?.event).toMatchObject({ type: 'sign_request.declined', data: { outcome: 'declined' } });
    expect((await resultOf(input.businessKey)).result.outcome).toBe('declined');
  });

  it('another client’s key sees nothing (404), a wrong key is 401, bad input is 400 naming every field', async () => {
    const input = signRequest({ signers: [{ email: 'owner.api@example.com', password: PASSWORD }] });
    await startThroughApi(input);
    const path = `/v1/sign-requests/${input.businessKey}`;
    for (const [method, suffix] of [
      ['GET', ''],
      ['GET', '/result'],
      ['POST', '/cancel'],
      ['POST', '/resend'],
    ] as const) {
      const answer = await api.call(method, `${path}${suffix}`, { key: api.keys.b });
      expect(answer.status).toBe(404);
    }
    expect((await api.call('GET', path, { key: 'not-a-key' })).status).toBe(401);
    expect((await api.call('GET', path, { key: null })).status).toBe(401);

    const bad = await api.call('POST', '/v1/sign-requests', {
      body: {
        businessKey: 'has/slash',
        parentFolder: { id: '0' },
        signers: [{ email: 'not-an-email', passwrd: PASSWORD }],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const fields = (bad.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['businessKey', 'parentFolder.id', 'signers[0].email', 'signers[0].passwrd']),
    );
    expect(JSON.stringify(bad.body)).not.toContain(PASSWORD);
  });

  it('a create Box refuses says so at once in status and result, while its failed callback is still retrying', async () => {
    receiver.answer = () => 503;
    await h.control.addFault({ method: 'POST', path: '/2.0/sign_requests', status: 403, count: 1 });
    try {
      const input = signRequest({ signers: [{ email: 'refused.api@example.com', password: PASSWORD }] });
      const created = await api.call('POST', '/v1/sign-requests', { body: withCallback(input) });
      expect(created.status).toBe(422);
      const workflowId = clientScopedWorkflowId('client-a', input.businessKey);
      await eventually(
        () => Promise.resolve(deliveries(workflowId)),
        (d) => d.length >= 1,
      );
      const status = await api.call('GET', `/v1/sign-requests/${input.businessKey}`);
      expect(status.body).toMatchObject({ phase: 'failed', failureType: 'BoxRequestRejected' });
      expect(status.body.callback).toMatchObject({ state: expect.stringMatching(/pending|delivering/) });
      const result = await api.call('GET', `/v1/sign-requests/${input.businessKey}/result`);
      expect(result.status).toBe(200);
      expect(result.body).toMatchObject({ state: 'failed', failure: { type: 'BoxRequestRejected' } });
      expect((await h.client.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');
      await h.client.workflow.getHandle(workflowId).terminate('test: the receiver never comes back');
    } finally {
      await h.control.clearFaults();
    }
  });

  it('a request whose payloads this API cannot decrypt answers 500 saying so, not a bare internal error', async () => {
    const otherKeys = createDataConverter({ mode: 'encrypted', keyRing: generateKeyRing('elsewhere') });
    const elsewhere = new Client({ connection: h.client.connection, dataConverter: otherKeys });
    const input = signRequest({ signers: [{ email: 'elsewhere.api@example.com', password: PASSWORD }] });
    // As the API starts them (a memo), but under payload keys the API does not hold, and with no worker.
    const options = signRequestStartOptions(input, {
      taskQueue: `${h.taskQueue}-idle`,
      sealing: h.sealing,
      apiClient: 'client-a',
      memo: { a: 1 },
    });
    const { workflowId } = await elsewhere.workflow.start(SIGN_REQUEST_WORKFLOW_TYPE, options);
    try {
      const status = await api.call('GET', `/v1/sign-requests/${input.businessKey}`);
      expect(status.status).toBe(500);
      expect(status.body.detail).toMatch(/encrypted with a key this API does not hold/);
    } finally {
      await elsewhere.workflow.getHandle(workflowId).terminate('test');
    }
  });

  // Last: it moves the emulator's clock for every request of this suite.
  it('an expired request sends sign_request.expired', async () => {
    const input = signRequest({ daysValid: 1, signers: [{ email: 'late.api@example.com', password: PASSWORD }] });
    const { workflowId } = await startThroughApi(input);
    await h.control.advanceClock({ days: 2 });

    const [delivered] = await outcomeEvents(workflowId);
    expect(delivered?.event).toMatchObject({ type: 'sign_request.expired', data: { outcome: 'expired' } });
    expect((await resultOf(input.businessKey)).result.outcome).toBe('expired');
  });
});
