import type { CallbackEvent } from '../../contracts';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { boxEventSignal, clientScopedWorkflowId, reissueUpdate, statusQuery } from '../../contracts';
import { prepareReissue } from '../../client/reissue';
import type { ApiRig } from '../support/api-rig';
import type { CallbackReceiver } from '../support/callback-receiver';
import type { Harness } from '../support/harness';
import type { JourneyRig } from '../support/journey-rig';
import { startJourneyRig } from '../support/journey-rig';
import { signRequest } from '../support/harness';
import { eventually } from '../support/signers';

const PASSWORD = 'reissue-Password!';
const NEW_PASSWORD = 'reissue-Corrected!';
const EVENTS = ['signer.invited', 'signer.email_bounced', 'sign_request.reissued'] as const;

interface Reissued {
  state: string;
  signRequestId: string;
  status: string;
  round: number;
  previousSignRequestIds: string[];
}

/**
 * Correct and reissue through the API, against the emulator (Box's webhooks to the real receiver, callbacks to a
 * receiver): the bounced signer's address corrected, the request cancelled and created again in the same workflow.
 */
describe('correct and reissue, through the API', () => {
  let journey: JourneyRig;
  let h: Harness;
  let api: ApiRig;
  let receiver: CallbackReceiver;
  let box: JourneyRig['box'];

  beforeAll(async () => {
    journey = await startJourneyRig();
    ({ h, api, receiver, box } = journey);
  }, 90_000);
  afterAll(async () => {
    await journey?.stop();
  });

  async function start(input: ReturnType<typeof signRequest>): Promise<{ workflowId: string; id: string }> {
    const created = await api.call('POST', '/v1/sign-requests', {
      body: { ...input, callback: { url: receiver.url, events: [...EVENTS] } },
    });
    expect(created.status).toBe(201);
    const body = created.body as { workflowId: string; signRequestId: string };
    return { workflowId: body.workflowId, id: body.signRequestId };
  }

  /** The (verified) signer signs; the API's result once the workflow has ended. */
  async function signAndReadResult(signRequestId: string, email: string, businessKey: string) {
    await h.control.signer(signRequestId, email, 'sign');
    return eventually(
      () => api.call('GET', `/v1/sign-requests/${businessKey}/result`),
      (r) => r.status === 200,
      60_000,
    );
  }

  function events(workflowId: string): CallbackEvent[] {
    return receiver
      .forWorkflow(workflowId)
      .filter((d) => d.status < 300)
      .map((d) => {
        expect(d.verifyError).toBeNull();
        expect(d.body).not.toContain(PASSWORD);
        expect(d.body).not.toContain(NEW_PASSWORD);
        return d.event!;
      });
  }

  /** Box sends a new request after `converting`; a reissue then is refused (try again), as a cancel waits it out. */
  const sent = (key: string) =>
    eventually(
      () => api.call('GET', `/v1/sign-requests/${key}`),
      (r) => (r.body as { boxStatus: string }).boxStatus === 'sent',
      30_000,
    );

  const reissue = (key: string, body: unknown) => api.call('POST', `/v1/sign-requests/${key}/reissue`, { body });

  it('a bounced e-mail is reissued with the corrected address and the new signer signs: one workflow, two Box requests', async () => {
    const wrong = 'wrong.reissue@example.invalid';
    const right = 'right.reissue@example.com';
    const input = signRequest({ signers: [{ email: wrong, password: PASSWORD }] });
    const { workflowId, id: first } = await start(input);
    expect(workflowId).toBe(clientScopedWorkflowId('client-a', input.businessKey));
    await eventually(
      () => Promise.resolve(events(workflowId).filter((e) => e.type === 'signer.invited')),
      (found) => found.length === 1,
      30_000,
    );
    expect((await h.control.bounce(first, wrong)).status).toBe(200);
    await eventually(
      () => api.call('GET', `/v1/sign-requests/${input.businessKey}`),
      (r) => (r.body as { problem?: { kind: string } | null }).problem?.kind === 'email_bounced',
      30_000,
    );

    const corrected = { signers: [{ email: right, password: NEW_PASSWORD }] };
    // Sent twice at once (a client's retry): one reissue.
    const [answer, retried] = await Promise.all([
      reissue(input.businessKey, corrected),
      reissue(input.businessKey, corrected),
    ]);
    expect(answer.status).toBe(200);
    const round = answer.body as Reissued;
    expect(round).toMatchObject({ state: 'reissued', round: 2, previousSignRequestIds: [first] });
    expect(round.signRequestId).not.toBe(first);
    expect(retried.status).toBe(200);
    expect((retried.body as Reissued).signRequestId).toBe(round.signRequestId);
    // And again later: answered with the same round, nothing more on Box.
    const again = await reissue(input.businessKey, corrected);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ round: 2, signRequestId: round.signRequestId, previousSignRequestIds: [first] });

    // Box: the first request cancelled, the second under the round's own external_id.
    const old = await box.getSignRequest(first);
    expect(old.status).toBe('cancelled');
    expect(old.external_id).toBe(workflowId);
    const renewed = await box.getSignRequest(round.signRequestId);
    expect(renewed.external_id).toBe(`${workflowId}#r2`);
    expect(renewed.signers.map((s) => s.email)).toContain(right);

    // The status shows every round, at its top level; the bounce is no longer in the way.
    const status = (await api.call('GET', `/v1/sign-requests/${input.businessKey}`)).body as Record<string, unknown>;
    expect(status).toMatchObject({
      signRequestId: round.signRequestId,
      round: 2,
      previousSignRequestIds: [first],
      problem: null,
    });

    // Box's webhooks for the first round (a late bounce) are ignored: no problem comes back.
    const handle = h.client.workflow.getHandle(workflowId);
    const lateBounce = {
      eventId: 'late-bounce-of-round-1',
      trigger: 'SIGN_REQUEST.SIGNER_EMAIL_BOUNCED',
      signRequestId: first,
      receivedAt: new Date().toISOString(),
      signerEmails: [wrong],
    };
    await handle.signal(boxEventSignal, lateBounce);
    const eventsBefore = (await handle.query(statusQuery)).boxEvents;

    await h.control.signer(round.signRequestId, right, 'verify', { password: NEW_PASSWORD });
    await h.control.signer(round.signRequestId, right, 'view');
    const result = await signAndReadResult(round.signRequestId, right, input.businessKey);
    expect(result.body).toMatchObject({
      state: 'completed',
      result: {
        outcome: 'signed',
        signRequestId: round.signRequestId,
        signers: [{ email: right, decision: 'signed' }],
      },
    });

    // The second round's webhooks (external_id `…#r2`) reached the workflow through the receiver; the first round's
    // late bounce (signalled before the signature, so handled before the end) changed nothing.
    const ended = (await api.call('GET', `/v1/sign-requests/${input.businessKey}`)).body;
    expect(ended.boxEvents).toBeGreaterThan(eventsBefore);
    expect(ended.problem).toBeNull();
    expect(ended.journey.bounces).toEqual([{ signer: 0, email: wrong, at: expect.any(String) }]);

    const told = await eventually(
      () => Promise.resolve(events(workflowId)),
      (found) => found.some((e) => e.type === 'sign_request.signed'),
      30_000,
    );
    const reissued = told.filter((e) => e.type === 'sign_request.reissued');
    expect(reissued).toHaveLength(1);
    expect(reissued[0]!.data).toMatchObject({
      signRequestId: round.signRequestId,
      round: 2,
      previousSignRequestIds: [first],
    });
    // The new round's invitation is told again, under its own webhook-id.
    expect(told.filter((e) => e.type === 'signer.invited').map((e) => e.data.signer?.email)).toEqual([wrong, right]);
    const ids = receiver.forWorkflow(workflowId).map((d) => d.headers['webhook-id']);
    expect(ids).toContain(`msg_${encodeURIComponent(workflowId)}_sign_request.reissued_2`);
    expect(ids).toContain(`msg_${encodeURIComponent(workflowId)}_signer.invited_0_2`);
    // The feed holds it too.
    const feed = (await api.call('GET', `/v1/sign-requests/${input.businessKey}/events`)).body as {
      events: { type: string }[];
    };
    expect(feed.events.map((e) => e.type)).toContain('sign_request.reissued');
  });

  it('a reissued request continued as new keeps its round: the corrected signer signs, the callback is still signed', async () => {
    const input = signRequest({
      signers: [{ email: 'before.reissue@example.com', password: PASSWORD }],
      maxHistoryEventsPerRun: 50,
    });
    const { workflowId, id: first } = await start(input);
    await sent(input.businessKey);
    const right = 'after.reissue@example.com';
    const answer = await reissue(input.businessKey, { signers: [{ email: right, password: NEW_PASSWORD }] });
    expect(answer.status).toBe(200);
    const round = answer.body as Reissued;
    // The reissue's events take the run past its bound: the next run carries the corrected signers.
    const continued = await eventually(
      () => api.call('GET', `/v1/sign-requests/${input.businessKey}`),
      (r) => (r.body as { run: number }).run > 1,
      60_000,
    );
    expect(continued.body).toMatchObject({
      round: 2,
      previousSignRequestIds: [first],
      signRequestId: round.signRequestId,
    });
    await h.control.signer(round.signRequestId, right, 'verify', { password: NEW_PASSWORD });
    const result = await signAndReadResult(round.signRequestId, right, input.businessKey);
    expect(result.body).toMatchObject({
      result: { outcome: 'signed', signers: [{ email: right, decision: 'signed' }] },
    });
    const [signedEvent] = await eventually(
      () => Promise.resolve(events(workflowId).filter((e) => e.type === 'sign_request.signed')),
      (found) => found.length === 1,
      30_000,
    );
    expect(signedEvent!.data.signers.map((s) => s.email)).toEqual([right]);
  });

  it('while Box is slow to create the new round the answer is 202; the status then shows the round', async () => {
    const input = signRequest({ signers: [{ email: 'slow.reissue@example.com', password: PASSWORD }] });
    const { id: first } = await start(input);
    await sent(input.businessKey);
    // The API waits 10 s (API_CREATE_WAIT_MS in the rig); Box answers the new create 503 (retry after 5 s) three times.
    await h.control.addFault({
      method: 'POST',
      path: '/2.0/sign_requests',
      status: 503,
      retry_after_seconds: 5,
      count: 3,
    });
    const answer = await reissue(input.businessKey, { signers: [{ email: 'quick.reissue@example.com' }] });
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ state: 'pending', round: 2, statusUrl: `/v1/sign-requests/${input.businessKey}` });
    const status = await eventually(
      () => api.call('GET', answer.body.statusUrl as string),
      (r) => (r.body as { round?: number; phase: string }).round === 2 && r.body.phase === 'waiting',
      60_000,
    );
    expect(status.body.previousSignRequestIds).toEqual([first]);
    expect(status.body.signRequestId).not.toBe(first);
    await api.call('POST', `/v1/sign-requests/${input.businessKey}/cancel`, { body: {} });
  }, 60_000);

  it('a reissue after a signature is refused with a typed 409, and nothing changes on Box', async () => {
    const signers = [
      { email: 'one.reissue@example.com', order: 1, password: PASSWORD },
      { email: 'two.reissue@example.com', order: 2, password: PASSWORD },
    ];
    const input = signRequest({ signers });
    const { workflowId, id } = await start(input);
    await h.control.signer(id, signers[0]!.email, 'verify', { password: PASSWORD });
    await h.control.signer(id, signers[0]!.email, 'view');
    await h.control.signer(id, signers[0]!.email, 'sign');
    await eventually(
      () => api.call('GET', `/v1/sign-requests/${input.businessKey}`),
      (r) =>
        (r.body as { signers: { email: string; progress: string }[] }).signers.some(
          (s) => s.email === signers[0]!.email && s.progress === 'signed',
        ),
      30_000,
    );
    const refused = await reissue(input.businessKey, {
      signers: [signers[0], { ...signers[1], email: 'other.reissue@example.com' }],
    });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({
      type: 'urn:box-sign:problem:action-refused',
      failureType: 'SignRequestNotReissuable',
      detail: expect.stringContaining('already signed'),
    });
    expect(JSON.stringify(refused.body)).not.toContain(PASSWORD);
    expect((await box.getSignRequest(id)).status).not.toBe('cancelled');
    expect(events(workflowId).some((e) => e.type === 'sign_request.reissued')).toBe(false);
    await api.call('POST', `/v1/sign-requests/${input.businessKey}/cancel`, { body: {} });
  });

  it('a reissue put on the queue without the API binding it to the client is refused before any Box call', async () => {
    const input = signRequest({ signers: [{ email: 'queue.reissue@example.com', password: PASSWORD }] });
    const { workflowId, id } = await start(input);
    await sent(input.businessKey);
    // Whoever can reach Temporal but holds no binding key: sealed like the API does, but not bound.
    const { request, updateId } = await prepareReissue(
      h.client,
      workflowId,
      [{ email: 'attacker.reissue@example.com', password: NEW_PASSWORD }],
      { sealing: h.sealing },
    );
    const refused = await h.client.workflow
      .getHandle(workflowId)
      .executeUpdate(reissueUpdate, { args: [request], updateId })
      .catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(((refused as WorkflowUpdateFailedError).cause as { type?: string }).type).toBe('UnboundApiClientStart');
    expect((await box.getSignRequest(id)).status).toBe('sent');
    const status = (await api.call('GET', `/v1/sign-requests/${input.businessKey}`)).body as Record<string, unknown>;
    expect(status).toMatchObject({ signRequestId: id, phase: 'waiting' });
    await api.call('POST', `/v1/sign-requests/${input.businessKey}/cancel`, { body: {} });
  });

  it('bad input is refused naming the field (400), signers that do not fit the request too (409), before any Box call', async () => {
    const input = signRequest({
      signers: [
        { email: 'a.reissue@example.com', order: 1, password: PASSWORD },
        { email: 'b.reissue@example.com', order: 2 },
      ],
    });
    const { id } = await start(input);
    await sent(input.businessKey);
    const count = await reissue(input.businessKey, { signers: [{ email: 'c.reissue@example.com', order: 1 }] });
    expect(count.status).toBe(409);
    expect(count.body).toMatchObject({
      type: 'urn:box-sign:problem:signers-mismatch',
      errors: [{ field: 'signers', rule: expect.stringContaining('all 2 signers') }],
    });
    const email = await reissue(input.businessKey, {
      signers: [
        { email: 'not-an-email', order: 1, password: NEW_PASSWORD },
        { email: 'b.reissue@example.com', order: 2 },
      ],
    });
    expect(email.status).toBe(400);
    expect((email.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['signers[0].email']);
    expect(JSON.stringify(email.body)).not.toContain(NEW_PASSWORD);
    const moved = await reissue(input.businessKey, {
      signers: [
        { email: 'a.reissue@example.com', order: 2 },
        { email: 'b.reissue@example.com', order: 1 },
      ],
    });
    expect(moved.status).toBe(409);
    expect(moved.body).toMatchObject({
      type: 'urn:box-sign:problem:signers-mismatch',
      failureType: 'InvalidSignRequestInput',
    });
    expect((moved.body as { detail: string }).detail).toContain('signers[0] must keep its position');
    // Nothing reached Box: the request is as it was, in its first round.
    expect((await box.getSignRequest(id)).status).toBe('sent');
    const status = (await api.call('GET', `/v1/sign-requests/${input.businessKey}`)).body as Record<string, unknown>;
    expect(status.signRequestId).toBe(id);
    expect(status.previousSignRequestIds).toBeUndefined();
    await api.call('POST', `/v1/sign-requests/${input.businessKey}/cancel`, { body: {} });
  });
});
