import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { cancelSignRequest, getSignRequestStatus, resendSignRequest } from '../../client';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';

const cancelCalls = (calls: { method: string; path: string }[]) =>
  calls.filter((c) => c.method === 'POST' && c.path.endsWith('/cancel'));

describe('steering a running request', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(() => h?.teardown());

  it('cancel by update cancels the Box request with the reason and ends the workflow cancelled', async () => {
    const workflowId = await h.start(signRequest({ signers: [{ email: 'c1@example.com', password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await eventually(
      () => getSignRequestStatus(h.client, workflowId),
      (s) => s.boxStatus === 'sent',
    );

    const answer = await cancelSignRequest(h.client, workflowId, 'customer withdrew');
    expect(answer).toEqual({ signRequestId: id, status: 'cancelled' });

    const result = await h.result(workflowId);
    expect(result.outcome).toBe('cancelled');
    expect(result.cancellation).toMatchObject({ by: 'operator', reason: 'customer withdrew' });
    const onBox = await h.control.request(id);
    expect(onBox.sign_request.status).toBe('cancelled');
    expect(onBox.cancel_reason).toBe('customer withdrew');
  });

  it('cancel of a finished request is rejected without a Box call', async () => {
    const workflowId = await h.start(signRequest({ signers: [{ email: 'c2@example.com', password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.signer(id, 'c2@example.com', 'verify', { password: 'pw' });
    await h.control.signer(id, 'c2@example.com', 'sign');
    expect((await h.result(workflowId)).outcome).toBe('signed');

    await expect(cancelSignRequest(h.client, workflowId)).rejects.toThrow();
    expect(cancelCalls(await h.control.calls()).filter((c) => c.path.includes(id))).toEqual([]);
  });

  it('a resend right after sending is rejected with the time of the next chance, without a Box call', async () => {
    const workflowId = await h.start(signRequest({ signers: [{ email: 'r1@example.com', password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    const state = await eventually(
      () => getSignRequestStatus(h.client, workflowId),
      (s) => s.boxStatus === 'sent',
    );
    const failure = (await resendSignRequest(h.client, workflowId).catch((err: unknown) => err)) as Error;
    expect(failure.name).toBe('WorkflowUpdateFailedError');
    expect((failure.cause as Error).message).toContain(state.resends.nextAllowedAt!);
    const resends = (await h.control.calls()).filter((c) => c.path === `/2.0/sign_requests/${id}/resend`);
    expect(resends).toEqual([]);
  });

  it('Temporal cancellation cancels the Box request in a cleanup scope and the workflow ends cancelled', async () => {
    const workflowId = await h.start(signRequest({ signers: [{ email: 't1@example.com', password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    const handle = h.client.workflow.getHandle(workflowId);
    await handle.cancel();

    const failure = await handle.result().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect((await handle.describe()).status.name).toBe('CANCELLED');
    const onBox = await h.control.request(id);
    expect(onBox.sign_request.status).toBe('cancelled');
    expect(onBox.cancel_reason).toBe('workflow cancelled in Temporal');
    const state = await getSignRequestStatus(h.client, workflowId);
    expect(state.cancellation).toMatchObject({ by: 'temporal' });
    expect(state).toMatchObject({ phase: 'completed', outcome: 'cancelled', failure: null, nextCheckAt: null });
  });

  it('a deadline cancels the request on Box and the outcome says why', async () => {
    const deadline = new Date(Date.now() + 3_000).toISOString();
    const workflowId = await h.start(signRequest({ deadline, signers: [{ email: 'd1@example.com', password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);

    const result = await h.result(workflowId);
    expect(result.outcome).toBe('cancelled');
    expect(result.cancellation).toMatchObject({ by: 'deadline', reason: `deadline ${deadline} passed` });
    expect((await h.control.request(id)).sign_request.status).toBe('cancelled');
  });

  it('search attributes follow each transition, so a visibility query by BoxSignStatus finds the workflow', async () => {
    const email = 'sa@example.com';
    const workflowId = await h.start(signRequest({ signers: [{ email, password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    const findBy = (status: string) => async () => {
      const found: string[] = [];
      for await (const wf of h.client.workflow.list({
        query: `BoxSignStatus = '${status}' AND WorkflowId = '${workflowId}'`,
      })) {
        found.push(wf.workflowId);
      }
      return found;
    };
    await eventually(findBy('sent'), (ids) => ids.includes(workflowId));
    await h.control.signer(id, email, 'verify', { password: 'pw' });
    await h.control.signer(id, email, 'view');
    await eventually(findBy('viewed'), (ids) => ids.includes(workflowId));
    await h.control.signer(id, email, 'sign');
    await h.result(workflowId);
    await eventually(findBy('signed'), (ids) => ids.includes(workflowId));
    const description = await h.client.workflow.getHandle(workflowId).describe();
    expect(JSON.stringify(description.searchAttributes)).not.toContain(email);
  });

  it('the status query tells each signer’s progress with times, and is right again after the worker restarts', async () => {
    const workflowId = await h.start(
      signRequest({
        signers: [
          { email: 'first@example.com', order: 1, password: 'one' },
          { email: 'second@example.com', order: 2, password: 'two' },
        ],
      }),
    );
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.signer(id, 'first@example.com', 'verify', { password: 'one' });
    await h.control.signer(id, 'first@example.com', 'sign');
    const state = await eventually(
      () => getSignRequestStatus(h.client, workflowId),
      (s) => s.signers.some((x) => x.email === 'first@example.com' && x.progress === 'signed'),
    );
    expect(state.signers.find((s) => s.email === 'first@example.com')).toMatchObject({
      progress: 'signed',
      decidedAt: expect.any(String),
    });
    expect(state.signers.find((s) => s.email === 'second@example.com')?.progress).toBe('invited');
    expect(state.resends.nextAllowedAt).toEqual(expect.any(String));
    expect(state.lastCheckedAt).toEqual(expect.any(String));

    await h.restartWorker(h.keyRing);
    const after = await getSignRequestStatus(h.client, workflowId);
    expect(after.signers).toEqual(state.signers);
    expect(after.boxStatus).toBe(state.boxStatus);
    await h.control.signer(id, 'second@example.com', 'verify', { password: 'two' });
    await h.control.signer(id, 'second@example.com', 'sign');
    expect((await h.result(workflowId)).outcome).toBe('signed');
  });
});

describe('steering while Box is still converting', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ emulator: { conversionDelayMs: 60 * 60_000 } });
  }, 60_000);
  afterAll(() => h?.teardown());

  it('Temporal cancellation while converting waits for the conversion, then cancels on Box', async () => {
    const workflowId = await h.start(signRequest({ signers: [{ email: 'conv2@example.com', password: 'pw' }] }));
    const [request] = await eventually(
      () => h.control.findByExternalId(workflowId),
      (found) => found.length === 1,
    );
    const handle = h.client.workflow.getHandle(workflowId);
    await handle.cancel();
    await h.control.advanceClock({ ms: 60 * 60_000 });
    await expect(handle.result()).rejects.toThrow(WorkflowFailedError);
    const onBox = await h.control.request(request!.sign_request.id);
    expect(onBox.sign_request.status).toBe('cancelled');
  });
});
