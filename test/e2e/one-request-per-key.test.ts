import { BusinessKeyConflictError, startSignRequest } from '../../client';
import { statusQuery } from '../../contracts';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';

describe('one Box request per business key, ever', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(() => h?.teardown());

  it('starting the same business key twice, while running and after completion, creates one Box request', async () => {
    const input = signRequest({ signers: [{ email: 'once@example.com', password: 'pw' }] });
    const first = await startSignRequest(h.client, input, { taskQueue: h.taskQueue, sealing: h.sealing });
    const second = await startSignRequest(h.client, input, { taskQueue: h.taskQueue, sealing: h.sealing });
    expect(first).toEqual({ workflowId: `box-sign-${input.businessKey}`, alreadyStarted: false });
    expect(second).toEqual({ workflowId: first.workflowId, alreadyStarted: true });

    const id = await boxRequestFor(h.control, first.workflowId);
    await h.control.signer(id, 'once@example.com', 'verify', { password: 'pw' });
    await h.control.signer(id, 'once@example.com', 'sign');
    expect((await h.result(first.workflowId)).outcome).toBe('signed');

    const third = await startSignRequest(h.client, input, { taskQueue: h.taskQueue, sealing: h.sealing });
    expect(third.alreadyStarted).toBe(true);
    expect(await h.control.findByExternalId(first.workflowId)).toHaveLength(1);
  });

  it('a start of a used business key with a different input is refused, naming the key, and starts nothing', async () => {
    const input = signRequest({ signers: [{ email: 'first@example.com', password: 'pw' }] });
    const options = { taskQueue: h.taskQueue, sealing: h.sealing };
    const first = await startSignRequest(h.client, input, options);
    const reordered = Object.fromEntries(Object.entries(input).reverse()) as typeof input;
    expect(await startSignRequest(h.client, reordered, options)).toEqual({ ...first, alreadyStarted: true });

    const changed = { ...input, name: 'A corrected name' };
    const refused = startSignRequest(h.client, changed, options);
    await expect(refused).rejects.toBeInstanceOf(BusinessKeyConflictError);
    await expect(refused).rejects.toMatchObject({
      name: 'BusinessKeyConflict',
      workflowId: first.workflowId,
      issues: [{ field: 'businessKey', rule: expect.stringContaining('different input') }],
    });
    await boxRequestFor(h.control, first.workflowId);
    expect(await h.control.findByExternalId(first.workflowId)).toHaveLength(1);
  });

  it('waiting costs no history: many unchanged polls add no events', async () => {
    const polling = { initialIntervalMs: 100, backoffCoefficient: 1, maximumIntervalMs: 100 };
    const workflowId = await h.start(
      signRequest({ polling, signers: [{ email: 'slow@example.com', password: 'pw' }] }),
    );
    const id = await boxRequestFor(h.control, workflowId);
    const handle = h.client.workflow.getHandle(workflowId);
    // Let the unchanged `sent` status be polled a few dozen times (the server retries at most once a second).
    await eventually(
      () => h.control.calls(),
      (calls) => calls.filter((c) => c.path === `/2.0/sign_requests/${id}`).length >= 25,
      45_000,
    );
    await h.control.signer(id, 'slow@example.com', 'verify', { password: 'pw' });
    await h.control.signer(id, 'slow@example.com', 'sign');
    expect((await h.result(workflowId)).outcome).toBe('signed');

    const state = await handle.query(statusQuery);
    expect(state.polls).toBeGreaterThanOrEqual(25);
    const { events } = await handle.fetchHistory();
    // converting → sent → viewed → finalizing → signed: a handful of activities, whatever the number of polls (plus
    // one memo upsert per change for the readers, the journey's view and turn, and the evidence collection at the
    // end): about 50, depending on which changes one poll sees together; 25 more polls would add 25 and more.
    expect(events?.length).toBeLessThanOrEqual(60);
  }, 90_000);
});
