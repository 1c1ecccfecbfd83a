import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ErrorType, statusQuery } from '../../contracts';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';

describe('how a sign request ends', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(() => h?.teardown());

  it('two signers in order: when the first declines the result is declined and the second is never asked', async () => {
    const workflowId = await h.start(
      signRequest({
        signers: [
          { email: 'first@example.com', order: 1, password: 'one' },
          { email: 'second@example.com', order: 2, password: 'two' },
        ],
      }),
    );
    const id = await boxRequestFor(h.control, workflowId);
    const before = await h.control.request(id);
    expect(before.signers.find((s) => s.email === 'second@example.com')?.invited).toBe(false);

    await h.control.signer(id, 'first@example.com', 'verify', { password: 'one' });
    expect((await h.control.signer(id, 'first@example.com', 'decline', { reason: 'wrong amount' })).status).toBe(200);

    const result = await h.result(workflowId);
    expect(result.outcome).toBe('declined');
    expect(result.signers).toEqual([
      expect.objectContaining({ email: 'first@example.com', decision: 'declined', decidedAt: expect.any(String) }),
      expect.objectContaining({ email: 'second@example.com', decision: null }),
    ]);
    const after = await h.control.request(id);
    expect(after.signers.find((s) => s.email === 'second@example.com')?.invited).toBe(false);
  });

  it('a request that needs preparation stays created, exposes prepareUrl, and is signed once prepared', async () => {
    const email = 'prep@example.com';
    const workflowId = await h.start(
      signRequest({ isDocumentPreparationNeeded: true, signers: [{ email, password: 'pw' }] }),
    );
    const handle = h.client.workflow.getHandle(workflowId);
    const state = await eventually(
      () => handle.query(statusQuery),
      (s) => s.boxStatus === 'created',
    );
    expect(state.prepareUrl).toEqual(expect.stringMatching(/^https?:\/\//));
    const [request] = await h.control.findByExternalId(workflowId);
    expect(request?.sign_request.status).toBe('created');

    await h.control.prepare(request!.sign_request.id);
    await h.control.signer(request!.sign_request.id, email, 'verify', { password: 'pw' });
    expect((await h.control.signer(request!.sign_request.id, email, 'sign')).status).toBe(200);

    const result = await h.result(workflowId);
    expect(result.outcome).toBe('signed');
    expect(result.prepareUrl).toBe(state.prepareUrl);
  });

  it('a request whose days_valid pass on the emulator clock ends expired', async () => {
    const workflowId = await h.start(
      signRequest({ daysValid: 3, signers: [{ email: 'late@example.com', password: 'pw' }] }),
    );
    await boxRequestFor(h.control, workflowId);
    await h.control.advanceClock({ days: 4 });

    const result = await h.result(workflowId);
    expect(result.outcome).toBe('expired');
    expect(result.signers[0]?.decision).toBeNull();
  });

  it('a Box error status fails the workflow with a typed, non-retryable failure', async () => {
    const workflowId = await h.start(signRequest({ signers: [{ email: 'err@example.com', password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.forceStatus(id, 'error_sending', 'delivery_failed');

    const failure = await h.result(workflowId).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe(ErrorType.BoxSignRequestFailed);
    expect((cause as ApplicationFailure).nonRetryable).toBe(true);
    expect(cause?.message).toContain('error_sending');
    expect(cause?.message).toContain(id);
  });
});
