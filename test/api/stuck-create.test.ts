import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import type { ApiRig } from '../support/api-rig';
import { startApiRig } from '../support/api-rig';
import { eventually } from '../support/signers';

const CREATE_UNAVAILABLE = { method: 'POST', path: '/2.0/sign_requests', status: 503, percent: 100 };

describe('HTTP API: a create Box keeps failing', () => {
  let h: Harness;
  let api: ApiRig;
  beforeAll(async () => {
    h = await startHarness();
    api = await startApiRig(h, { createWaitMs: 1_000 });
  }, 60_000);
  afterEach(() => h.control.clearFaults());
  afterAll(async () => {
    await api?.stop();
    await h?.teardown();
  });

  it('202 while Box fails, then a cancel gives it up: 200 without a Box id, the result says cancelled by whom', async () => {
    await h.control.addFault(CREATE_UNAVAILABLE);
    const input = signRequest({ signers: [{ email: 'api-stuck@example.com', password: 'pw' }] });
    const created = await api.call('POST', '/v1/sign-requests', { body: input });
    expect(created.status).toBe(202);
    const path = `/v1/sign-requests/${input.businessKey}`;
    expect((await api.call('GET', path)).body).toMatchObject({ phase: 'creating', signRequestId: null });

    const cancelled = await api.call('POST', `${path}/cancel`, { body: { reason: 'Box is down' } });
    expect([cancelled.status, cancelled.body]).toEqual([200, { signRequestId: null, status: 'cancelled' }]);

    const result = await eventually(
      () => api.call('GET', `${path}/result`),
      (answer) => answer.status === 200,
    );
    expect(result.body).toMatchObject({
      state: 'completed',
      result: { outcome: 'cancelled', signRequestId: null, cancellation: { by: 'operator', reason: 'Box is down' } },
    });
    expect(await h.control.findByExternalId(created.body.workflowId as string)).toHaveLength(0);
  });

  it('an action the request refuses answers 409 with the refusal’s stable type', async () => {
    const input = signRequest({ signers: [{ email: 'api-refused@example.com', password: 'pw' }] });
    // This rig answers 202 after 1 s: on a busy machine the request may not be on Box by then.
    expect([201, 202]).toContain((await api.call('POST', '/v1/sign-requests', { body: input })).status);
    const path = `/v1/sign-requests/${input.businessKey}`;
    await eventually(
      () => api.call('GET', path),
      (answer) => answer.body.boxStatus === 'sent',
    );

    const resend = await api.call('POST', `${path}/resend`, { body: {} });
    expect(resend.status).toBe(409);
    expect(resend.body).toMatchObject({
      type: 'urn:box-sign:problem:action-refused',
      failureType: 'ResendNotAllowedYet',
    });
    expect(resend.body.detail).toContain('10 minutes');
  });
});
