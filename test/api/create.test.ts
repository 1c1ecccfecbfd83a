import { clientScopedWorkflowId } from '../../contracts';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import type { ApiRig } from '../support/api-rig';
import { startApiRig } from '../support/api-rig';
import { inputOfSize } from '../support/input-of-size';
import { eventually } from '../support/signers';
import { MAX_INPUT_BYTES } from '../../contracts';

describe('HTTP API: starting a sign request', () => {
  let h: Harness;
  let api: ApiRig;
  beforeAll(async () => {
    h = await startHarness();
    api = await startApiRig(h);
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    await h?.teardown();
  });

  it('answers 201 once Box has accepted it, with the Box id, the signers’ embed URLs and where to look next', async () => {
    const input = signRequest({
      signers: [
        { email: 'emb@example.com', password: 'pw', embedUrlExternalUserId: 'user-1' },
        { email: 'plain@example.com', verificationPhoneNumber: '+15551230001' },
      ],
    });
    const created = await api.call('POST', '/v1/sign-requests', { body: input });
    expect(created.status).toBe(201);
    const [onBox] = await h.control.findByExternalId(clientScopedWorkflowId('client-a', input.businessKey));
    expect(onBox).toBeDefined();
    expect(created.body).toEqual({
      state: 'created',
      workflowId: clientScopedWorkflowId('client-a', input.businessKey),
      businessKey: input.businessKey,
      signRequestId: onBox!.sign_request.id,
      status: expect.any(String),
      prepareUrl: null,
      signers: [
        { email: 'emb@example.com', embedUrl: expect.stringContaining('/_emulator/embed/') },
        { email: 'plain@example.com', embedUrl: null },
      ],
      statusUrl: `/v1/sign-requests/${input.businessKey}`,
      resultUrl: `/v1/sign-requests/${input.businessKey}/result`,
    });
    expect(created.headers.get('location')).toBe(`/v1/sign-requests/${input.businessKey}`);
  });

  it('a request that needs preparation answers with Box’s prepare URL', async () => {
    const input = signRequest({
      isDocumentPreparationNeeded: true,
      signers: [{ email: 'prep@example.com', password: 'pw' }],
    });
    const created = await api.call('POST', '/v1/sign-requests', { body: input });
    expect(created.status).toBe(201);
    expect(created.body.prepareUrl).toEqual(expect.stringMatching(/^http/));
  });

  it('is idempotent by business key: the same body → 200 with the same request, a different body → 409', async () => {
    const input = signRequest({ signers: [{ email: 'idem@example.com', password: 'pw' }] });
    const first = await api.call('POST', '/v1/sign-requests', { body: input });
    expect(first.status).toBe(201);
    const again = await api.call('POST', '/v1/sign-requests', { body: { ...input } });
    expect(again.status).toBe(200);
    expect(again.body.signRequestId).toBe(first.body.signRequestId);
    const different = await api.call('POST', '/v1/sign-requests', { body: { ...input, name: 'Other' } });
    expect(different.status).toBe(409);
    expect(different.headers.get('content-type')).toContain('application/problem+json');
    expect(different.body).toMatchObject({ status: 409, type: 'urn:box-sign:problem:business-key-conflict' });
    expect(await h.control.findByExternalId(clientScopedWorkflowId('client-a', input.businessKey))).toHaveLength(1);
  });

  it('a finished request’s key still answers 200 for the same body and 409 for another, and never starts again', async () => {
    const input = signRequest({ signers: [{ email: 'done@example.com', password: 'pw' }] });
    const first = await api.call('POST', '/v1/sign-requests', { body: input });
    expect(first.status).toBe(201);
    const workflowId = clientScopedWorkflowId('client-a', input.businessKey);
    await eventually(
      () => api.call('GET', `/v1/sign-requests/${input.businessKey}`),
      (s) => s.body.boxStatus === 'sent',
    );
    const cancelled = await api.call('POST', `/v1/sign-requests/${input.businessKey}/cancel`, { body: {} });
    expect(cancelled.status).toBe(200);
    await h.result(workflowId);
    const again = await api.call('POST', '/v1/sign-requests', { body: input });
    expect(again.status).toBe(200);
    expect(again.body.signRequestId).toBe(first.body.signRequestId);
    expect((await api.call('POST', '/v1/sign-requests', { body: { ...input, name: 'x' } })).status).toBe(409);
    expect(await h.control.findByExternalId(workflowId)).toHaveLength(1);
  });

  it('bad input → 400 naming every broken field and rule, before anything is started', async () => {
    const input = signRequest({ signers: [{ email: 'not-an-email', password: 'secret-pw' }] });
    const body = {
      ...input,
      businessKey: '',
      daysValid: 'soon',
      unknownField: 1,
      callback: { url: 'http://10.0.0.1/x' },
    };
    const answer = await api.call('POST', '/v1/sign-requests', { body });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    const fields = (answer.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['businessKey', 'daysValid', 'unknownField', 'signers[0].email', 'callback.url']),
    );
    expect(JSON.stringify(answer.body)).not.toContain('secret-pw');
    expect(JSON.stringify(answer.body)).not.toContain('not-an-email');
  });

  it('an input at the size limit that sealing takes over it → 400 naming the input, nothing started', async () => {
    const input = inputOfSize(
      MAX_INPUT_BYTES,
      signRequest({ signers: [{ email: 'big.api@example.com', password: 'pw' }] }),
    );
    const answer = await api.call('POST', '/v1/sign-requests', { body: input });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      { field: 'input', rule: expect.stringContaining("once the signers' passwords and phone numbers are sealed") },
    ]);
    const listed = await api.call('GET', `/v1/sign-requests/${input.businessKey}`);
    expect(listed.status).toBe(404);
  });

  it('a JSON syntax error names the position, never the content', async () => {
    const answer = await api.call('POST', '/v1/sign-requests', { rawBody: '{"password": "hunter2" x}' });
    expect(answer.status).toBe(400);
    expect(answer.body.type).toBe('urn:box-sign:problem:invalid-input');
    expect(JSON.stringify(answer.body)).not.toContain('hunter2');
  });

  it('when Box refuses the request: 422 with the failure type and Box’s reason, also on a repeat', async () => {
    await h.control.addFault({ method: 'POST', path: '/2.0/sign_requests', status: 404, count: 1 });
    try {
      const input = signRequest({ signers: [{ email: 'refused@example.com', password: 'pw' }] });
      const answer = await api.call('POST', '/v1/sign-requests', { body: input });
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({
        type: 'urn:box-sign:problem:box-rejected',
        failureType: 'BoxRequestRejected',
        detail: expect.any(String),
      });
      const again = await api.call('POST', '/v1/sign-requests', { body: input });
      expect([again.status, again.body.failureType]).toEqual([422, 'BoxRequestRejected']);
    } finally {
      await h.control.clearFaults();
    }
  });

  it('when Box is down it answers 202 with the status URL after the bounded wait, and the request is created later', async () => {
    const quick = await startApiRig(h, { createWaitMs: 1_500 });
    try {
      await h.control.addFault({ method: 'POST', path: '/2.0/sign_requests', status: 503, count: 3 });
      const input = signRequest({ signers: [{ email: 'slow@example.com', password: 'pw' }] });
      const started = Date.now();
      const answer = await quick.call('POST', '/v1/sign-requests', { body: input, key: quick.keys.a });
      expect(answer.status).toBe(202);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(answer.body).toMatchObject({ phase: 'creating', statusUrl: `/v1/sign-requests/${input.businessKey}` });
      const later = await eventually(
        () => quick.call('POST', '/v1/sign-requests', { body: input, key: quick.keys.a }),
        (r) => r.status !== 202,
        30_000,
      );
      expect(later.status).toBe(200);
      expect(later.body.signRequestId).toEqual(expect.any(String));
    } finally {
      await h.control.clearFaults();
      await quick.stop();
    }
  });
});
