import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { cancelSignRequest } from '../../client';
import type { SignRequestState } from '../../contracts';
import { ErrorType, statusQuery } from '../../contracts';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { eventually } from '../support/signers';

const CREATE = { method: 'POST', path: '/2.0/sign_requests' };
const LIST = { method: 'GET', path: '/2.0/sign_requests' };
// With a percentage and no count, a fault hits every call until cleared.
const UNAVAILABLE = { status: 503, code: 'unavailable', percent: 100 };

/** What the workflow itself knows (the query), without the client's completion from the pending activity. */
const stateOf = (h: Harness, workflowId: string) =>
  h.client.workflow.getHandle(workflowId).query<SignRequestState>(statusQuery);

const currentDetailsOf = async (h: Harness, workflowId: string) =>
  (await h.client.workflow.getHandle(workflowId).query<{ currentDetails?: string }>('__temporal_workflow_metadata'))
    .currentDetails ?? '';

describe('a create Box keeps failing can be given up, leaving nothing on Box', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterEach(() => h.control.clearFaults());
  afterAll(() => h?.teardown());

  const createAttempts = async (workflowId: string) =>
    (await h.control.calls()).filter((c) => c.method === 'POST' && c.external_id === workflowId);

  it('503 on every create: a cancel by update stops the retries and the workflow ends cancelled, 0 requests on Box', async () => {
    await h.control.addFault({ ...CREATE, ...UNAVAILABLE });
    const workflowId = await h.start(signRequest({ signers: [{ email: 'stuck1@example.com', password: 'pw' }] }));
    await eventually(
      () => createAttempts(workflowId),
      (calls) => calls.length >= 2,
    );

    const answer = await cancelSignRequest(h.client, workflowId, 'Box is down, giving up');
    expect(answer).toEqual({ signRequestId: null, status: 'cancelled' });

    const result = await h.result(workflowId);
    expect(result).toMatchObject({ outcome: 'cancelled', signRequestId: null });
    expect(result.cancellation).toMatchObject({ by: 'operator', reason: 'Box is down, giving up' });
    const attemptsAtEnd = (await createAttempts(workflowId)).length;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect((await createAttempts(workflowId)).length).toBe(attemptsAtEnd);
    expect(await h.control.findByExternalId(workflowId)).toHaveLength(0);
  });

  it('a create Box accepted but whose response was lost: the cancel finds it by external_id and cancels it on Box', async () => {
    await h.control.addFault({ ...CREATE, kind: 'drop_after_commit', count: 1 });
    // The retry's adoption look-up fails too, so the create stays stuck although Box has the request.
    await h.control.addFault({ ...LIST, ...UNAVAILABLE });
    const workflowId = await h.start(signRequest({ signers: [{ email: 'stuck2@example.com', password: 'pw' }] }));
    const [onBox] = await eventually(
      () => h.control.findByExternalId(workflowId),
      (found) => found.length === 1,
    );
    const handle = h.client.workflow.getHandle(workflowId);

    const cancelling = cancelSignRequest(h.client, workflowId, 'no longer needed');
    await eventually(
      () => stateOf(h, workflowId),
      (s) => s.phase === 'cancelling',
    );
    await h.control.clearFaults();
    const answer = await cancelling;

    expect(answer).toEqual({ signRequestId: onBox!.sign_request.id, status: 'cancelled' });
    const result = await handle.result();
    expect(result).toMatchObject({ outcome: 'cancelled', signRequestId: onBox!.sign_request.id });
    expect((await h.control.request(onBox!.sign_request.id)).sign_request.status).toBe('cancelled');
    expect(await h.control.findByExternalId(workflowId)).toHaveLength(1);
  });

  it('a Temporal cancellation while the create is retrying ends the workflow cancelled with nothing on Box', async () => {
    await h.control.addFault({ ...CREATE, ...UNAVAILABLE });
    const workflowId = await h.start(signRequest({ signers: [{ email: 'stuck3@example.com', password: 'pw' }] }));
    await eventually(
      () => createAttempts(workflowId),
      (calls) => calls.length >= 2,
    );
    const handle = h.client.workflow.getHandle(workflowId);
    await handle.cancel();

    const failure = await handle.result().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect((await handle.describe()).status.name).toBe('CANCELLED');
    expect((await stateOf(h, workflowId)).cancellation).toMatchObject({ by: 'temporal' });
    expect(await h.control.findByExternalId(workflowId)).toHaveLength(0);
  });

  it('after createTimeout the workflow gives up, cancels nothing it did not create, and fails BoxCreateAbandoned', async () => {
    await h.control.addFault({ ...CREATE, ...UNAVAILABLE });
    const input = {
      ...signRequest({ signers: [{ email: 'stuck4@example.com', password: 'pw' }] }),
      createTimeout: '10s',
    };
    const workflowId = await h.start(input);

    const failure = (await h.result(workflowId).catch((err: unknown) => err)) as WorkflowFailedError;
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = failure.cause as ApplicationFailure;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause.type).toBe(ErrorType.BoxCreateAbandoned);
    expect(cause.message).toContain('Box kept failing the create for 10s');
    expect(cause.message).toContain('no request was created on Box');
    const state = await stateOf(h, workflowId);
    expect(state).toMatchObject({ phase: 'failed', failureType: ErrorType.BoxCreateAbandoned });
    expect(await h.control.findByExternalId(workflowId)).toHaveLength(0);
  }, 60_000);

  it('between rounds the workflow records the attempts and the last error, in its state and the Web UI', async () => {
    await h.control.addFault({ ...CREATE, ...UNAVAILABLE });
    const workflowId = await h.start(signRequest({ signers: [{ email: 'stuck5@example.com', password: 'pw' }] }));

    const state = await eventually(
      () => stateOf(h, workflowId),
      (s) => (s.retrying?.attempts ?? 0) > 0,
      40_000,
    );
    expect(state.phase).toBe('creating');
    // The first round is the first attempt alone (create-retries-first); the rounds after it, five attempts each.
    expect(state.retrying).toMatchObject({
      activity: 'createSignRequest',
      attempts: 1,
      lastErrorType: ErrorType.BoxUnavailable,
    });
    expect(state.retrying?.lastErrorMessage).toContain('503');
    expect(Date.parse(state.retrying?.nextAttemptAt ?? '')).toBeGreaterThan(Date.now() - 1_000);
    const details = await currentDetailsOf(h, workflowId);
    expect(details).toContain('Box keeps failing it');
    expect(details).toContain('Attempts: 1 so far');
    const next = await eventually(
      () => stateOf(h, workflowId),
      (s) => (s.retrying?.attempts ?? 0) > 1,
      40_000,
    );
    expect(next.retrying?.attempts).toBe(6);
    expect(details).toContain('Last error: BoxUnavailable');

    await cancelSignRequest(h.client, workflowId);
    expect((await h.result(workflowId)).outcome).toBe('cancelled');
  }, 90_000);

  it('a create Box refuses fails at once, its type and message in the state and as the workflow failure', async () => {
    await h.control.addFault({ ...CREATE, status: 403, count: 1, code: 'access_denied_insufficient_permissions' });
    const workflowId = await h.start(signRequest({ signers: [{ email: 'stuck6@example.com', password: 'pw' }] }));

    const failure = (await h.result(workflowId).catch((err: unknown) => err)) as WorkflowFailedError;
    expect(failure.cause).toBeInstanceOf(ApplicationFailure);
    expect((failure.cause as ApplicationFailure).type).toBe(ErrorType.BoxRequestRejected);
    expect(failure.cause?.message).toContain('403');
    const state = await stateOf(h, workflowId);
    expect(state).toMatchObject({ phase: 'failed', failureType: ErrorType.BoxRequestRejected });
    expect(state.failure).toContain('403');
    expect(await currentDetailsOf(h, workflowId)).toContain('**Failed:** BoxRequestRejected');
  });
});
