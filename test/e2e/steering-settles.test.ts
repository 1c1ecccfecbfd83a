import type { WorkflowHandle } from '@temporalio/client';
import { WorkflowUpdateStage } from '@temporalio/client';
import { boxEventSignal, cancelUpdate, ErrorType, statusQuery } from '../../contracts';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';
import { historyEvents } from '../support/workflow-history';

/** Polling so slow that only a signal or an update moves the workflow. */
const SLOW_POLLING = { initialIntervalMs: 600_000, backoffCoefficient: 1, maximumIntervalMs: 600_000 };

/** How long the emulator holds the GET that ends the request: long enough to send the updates inside it. */
const HELD_MS = 2_500;

/**
 * Sends a cancel and returns its answer, however it comes: a result, a typed refusal (`failure:<type>`, from the
 * validator or from the workflow), or anything else (`error:<name>: <message>`, e.g. the update outlived by its
 * workflow).
 */
async function cancelAtOnce(handle: WorkflowHandle): Promise<string> {
  try {
    const update = await handle.startUpdate(cancelUpdate, {
      args: [{ reason: 'at the moment it ends' }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    return `result:${(await update.result()).status}`;
  } catch (err) {
    return answerOf(err);
  }
}

function answerOf(err: unknown): string {
  const cause = (err as { cause?: { type?: string } }).cause;
  if (cause?.type) return `failure:${cause.type}`;
  const e = err as Error;
  return `error:${e.name}: ${e.message}`;
}

/** Updates the workflow accepted (past its validator) and updates it answered, from its history. */
async function updatesInHistory(handle: WorkflowHandle): Promise<{ accepted: number; answered: number }> {
  const events = await historyEvents(handle);
  return {
    accepted: events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length,
    answered: events.filter((e) => e.workflowExecutionUpdateCompletedEventAttributes).length,
  };
}

/** A GET of the request held by the emulator (a latency fault), and the moment it is in flight. */
async function holdNextGet(h: Harness, id: string): Promise<() => Promise<void>> {
  const fault = await h.control.addFault({
    kind: 'latency',
    delay_ms: HELD_MS,
    method: 'GET',
    path: `/2.0/sign_requests/${id}`,
    count: 1,
  });
  return async () => {
    await eventually(
      () => h.control.faults(),
      (faults) => !faults.some((f) => f.id === fault.id && f.applied === 0),
      10_000,
    );
  };
}

async function signOnBox(h: Harness, id: string, email: string): Promise<void> {
  await h.control.signer(id, email, 'verify', { password: 'pw' });
  await h.control.signer(id, email, 'sign');
}

describe('every accepted update gets an answer, even at the moment the request ends', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ emulator: { conversionDelayMs: 0 } });
  }, 60_000);
  afterAll(() => h?.teardown());

  it('cancels accepted while the confirming GET returns signed are refused as already finished, every time', async () => {
    const answers: string[] = [];
    for (let round = 0; round < 5; round++) {
      const email = `held${round}@example.com`;
      const workflowId = await h.start(signRequest({ polling: SLOW_POLLING, signers: [{ email, password: 'pw' }] }));
      const id = await boxRequestFor(h.control, workflowId);
      const handle = h.client.workflow.getHandle(workflowId);
      await eventually(
        () => handle.query(statusQuery),
        (s) => s.boxStatus === 'sent',
      );
      const inFlight = await holdNextGet(h, id);
      await handle.signal(boxEventSignal, {
        eventId: `evt-held-${round}`,
        trigger: 'SIGN_REQUEST.COMPLETED',
        signRequestId: id,
        receivedAt: new Date().toISOString(),
      });
      await inFlight();
      // Signed on Box while the confirming GET is held: it answers `signed` once released.
      await signOnBox(h, id, email);
      // Back to back: both may reach the validator before the loop takes either.
      const [first, second] = await Promise.all([cancelAtOnce(handle), cancelAtOnce(handle)]);
      answers.push(first, second);
      expect((await handle.result()).outcome).toBe('signed');
      expect((await h.control.request(id)).sign_request.status).toBe('signed');
      const updates = await updatesInHistory(handle);
      // At least the first was accepted (the request was still `sent` for the workflow), and each accepted one answered.
      expect(updates.accepted).toBeGreaterThanOrEqual(1);
      expect(updates.answered).toBe(updates.accepted);
    }
    // Every answer is a typed refusal: already finished (accepted, then refused) or already under way (the validator).
    const typed = [`failure:${ErrorType.SignRequestAlreadyFinished}`, `failure:${ErrorType.SignRequestNotCancellable}`];
    expect(answers.filter((answer) => !typed.includes(answer))).toEqual([]);
    expect(answers.filter((answer) => answer === typed[0]).length).toBeGreaterThanOrEqual(5);
  }, 120_000);

  it('a cancel accepted while a poll is held, which then returns signed, is refused as already finished', async () => {
    const email = 'polled@example.com';
    const polling = { initialIntervalMs: 300, backoffCoefficient: 1, maximumIntervalMs: 300 };
    const workflowId = await h.start(signRequest({ polling, signers: [{ email, password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    const handle = h.client.workflow.getHandle(workflowId);
    await eventually(
      () => handle.query(statusQuery),
      (s) => s.boxStatus === 'sent',
    );
    const inFlight = await holdNextGet(h, id);
    await inFlight();
    await signOnBox(h, id, email);
    expect(await cancelAtOnce(handle)).toBe(`failure:${ErrorType.SignRequestAlreadyFinished}`);
    expect((await handle.result()).outcome).toBe('signed');
    // Box refused the cancel (signed), so nothing was cancelled.
    expect((await h.control.request(id)).sign_request.status).toBe('signed');
  }, 60_000);
});

describe('a cancel while the workflow still thinks the request is converting', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ emulator: { conversionDelayMs: 60 * 60_000 } });
  }, 60_000);
  afterAll(() => h?.teardown());

  it('is accepted, waits until Box allows it, cancels on Box, and answers then', async () => {
    const workflowId = await h.start(signRequest({ signers: [{ email: 'conv@example.com', password: 'pw' }] }));
    const handle = h.client.workflow.getHandle(workflowId);
    const [request] = await eventually(
      () => h.control.findByExternalId(workflowId),
      (found) => found.length === 1,
    );
    await eventually(
      () => handle.query(statusQuery),
      (s) => s.boxStatus === 'converting',
    );
    const cancelling = handle.executeUpdate(cancelUpdate, { args: [{ reason: 'right after starting' }] });
    await eventually(
      () => handle.query(statusQuery),
      (s) => s.phase === 'cancelling',
    );
    await h.control.advanceClock({ ms: 60 * 60_000 });
    const id = request!.sign_request.id;
    expect(await cancelling).toEqual({ signRequestId: id, status: 'cancelled' });
    const result = await handle.result();
    expect(result).toMatchObject({ outcome: 'cancelled', cancellation: { by: 'operator' } });
    const onBox = await h.control.request(id);
    expect([onBox.sign_request.status, onBox.cancel_reason]).toEqual(['cancelled', 'right after starting']);
  }, 60_000);

  it('when Box has sent it meanwhile, one GET finds out and the cancel is carried out at once', async () => {
    const h2 = await startHarness({ emulator: { conversionDelayMs: 2_000 } });
    try {
      const workflowId = await h2.start(
        signRequest({ polling: SLOW_POLLING, signers: [{ email: 'sent@example.com', password: 'pw' }] }),
      );
      const handle = h2.client.workflow.getHandle(workflowId);
      const id = await boxRequestFor(h2.control, workflowId);
      // Box has sent it, but the workflow's next look is 10 minutes away: it still thinks `converting`.
      await eventually(
        () => handle.query(statusQuery),
        (s) => s.boxStatus === 'converting' && s.phase === 'waiting',
      );
      expect(await handle.executeUpdate(cancelUpdate, { args: [{}] })).toEqual({
        signRequestId: id,
        status: 'cancelled',
      });
      expect((await h2.control.request(id)).sign_request.status).toBe('cancelled');
    } finally {
      await h2.teardown();
    }
  }, 60_000);
});
