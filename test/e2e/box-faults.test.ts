import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ErrorType } from '../../contracts';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';

const CREATE = { method: 'POST', path: '/2.0/sign_requests' };

describe('Box faults', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterEach(() => h.control.clearFaults());
  afterAll(() => h?.teardown());

  async function signAll(workflowId: string, email: string) {
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.signer(id, email, 'verify', { password: 'pw' });
    expect((await h.control.signer(id, email, 'sign')).status).toBe(200);
    return id;
  }

  it('a 500 on create is retried and exactly one Box request exists', async () => {
    await h.control.addFault({ ...CREATE, status: 500, count: 1 });
    const workflowId = await h.start(signRequest({ signers: [{ email: 'a@example.com', password: 'pw' }] }));
    await signAll(workflowId, 'a@example.com');

    expect((await h.result(workflowId)).outcome).toBe('signed');
    const creates = (await h.control.calls()).filter((c) => c.external_id === workflowId);
    expect(creates.map((c) => c.status)).toEqual([500, 201]);
    expect(await h.control.findByExternalId(workflowId)).toHaveLength(1);
  });

  it('a 500 on get while polling is retried and the request still ends signed', async () => {
    const workflowId = await h.start(signRequest({ signers: [{ email: 'b@example.com', password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.addFault({ method: 'GET', path: `/2.0/sign_requests/${id}`, status: 500, count: 2 });
    await eventually(
      () => h.control.calls(),
      (calls) => calls.filter((c) => c.path === `/2.0/sign_requests/${id}` && c.status === 500).length === 2,
    );
    await h.control.signer(id, 'b@example.com', 'verify', { password: 'pw' });
    await h.control.signer(id, 'b@example.com', 'sign');

    expect((await h.result(workflowId)).outcome).toBe('signed');
  });

  it('a 403 on create is not retried and fails the workflow with BoxRequestRejected naming the request_id', async () => {
    await h.control.addFault({ ...CREATE, status: 403, count: 1, code: 'access_denied_insufficient_permissions' });
    const workflowId = await h.start(signRequest({ signers: [{ email: 'c@example.com', password: 'pw' }] }));

    const failure = (await h.result(workflowId).catch((err: unknown) => err)) as WorkflowFailedError;
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = failure.cause as ApplicationFailure;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause.type).toBe(ErrorType.BoxRequestRejected);
    expect(cause.message).toContain('403');
    expect(cause.message).toMatch(/request_id \w+/);
    const creates = (await h.control.calls()).filter((c) => c.external_id === workflowId);
    expect(creates.map((c) => c.status)).toEqual([403]);
    expect(await h.control.findByExternalId(workflowId)).toHaveLength(0);
  });

  it('a 404 while following the request is not retried and fails clearly', async () => {
    const workflowId = await h.start(signRequest({ signers: [{ email: 'd@example.com', password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.addFault({ method: 'GET', path: `/2.0/sign_requests/${id}`, status: 404, count: 1 });

    const failure = (await h.result(workflowId).catch((err: unknown) => err)) as WorkflowFailedError;
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = failure.cause as ApplicationFailure;
    expect(cause.type).toBe(ErrorType.BoxRequestRejected);
    expect(cause.message).toContain('404');
    const gets = (await h.control.calls()).filter((c) => c.path === `/2.0/sign_requests/${id}` && c.status === 404);
    expect(gets).toHaveLength(1);
  });
});
