import type { WorkflowHandle } from '@temporalio/client';
import { WorkflowUpdateStage } from '@temporalio/client';
import { boxEventSignal, cancelUpdate, ErrorType, resendUpdate, statusQuery } from '../../contracts';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';
import { historyEvents } from '../support/workflow-history';

const SLOW_POLLING = { initialIntervalMs: 600_000, backoffCoefficient: 1, maximumIntervalMs: 600_000 };

/** The update's answer: a result, a typed refusal, or anything else (e.g. outlived by its workflow). */
async function answerOf(send: () => Promise<unknown>): Promise<string> {
  try {
    await send();
    return 'result';
  } catch (err) {
    const cause = (err as { cause?: { type?: string } }).cause;
    return cause?.type ? `failure:${cause.type}` : `error:${(err as Error).name}: ${(err as Error).message}`;
  }
}

async function resendAtOnce(handle: WorkflowHandle): Promise<string> {
  return answerOf(async () =>
    (await handle.startUpdate(resendUpdate, { waitForStage: WorkflowUpdateStage.ACCEPTED })).result(),
  );
}

async function cancelAtOnce(handle: WorkflowHandle): Promise<string> {
  return answerOf(async () =>
    (await handle.startUpdate(cancelUpdate, { args: [{}], waitForStage: WorkflowUpdateStage.ACCEPTED })).result(),
  );
}

/**
 * Resends are refused inside Box's 10-minute cool-down before they are ever queued, so this suite skips past it
 * (time-skipping server and emulator clock together) to send resends that are accepted at the moment the request ends.
 */
describe('resends and cancels accepted at the moment the request ends (time-skipping server)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ timeSkipping: true, emulator: { conversionDelayMs: 0 } });
  }, 60_000);
  afterAll(() => h?.teardown());

  it('each gets a typed answer, and the workflow answers every update it accepted before it closes', async () => {
    const answers: string[] = [];
    for (let round = 0; round < 3; round++) {
      const email = `ts-held${round}@example.com`;
      const workflowId = await h.start(signRequest({ polling: SLOW_POLLING, signers: [{ email, password: 'pw' }] }));
      const handle = h.client.workflow.getHandle(workflowId);
      const id = await boxRequestFor(h.control, workflowId);
      await eventually(
        () => handle.query(statusQuery),
        (s) => s.boxStatus === 'sent',
      );
      await h.testEnv.sleep('11 minutes');
      await h.control.advanceClock({ ms: 11 * 60_000 });
      const held = await h.control.addFault({
        kind: 'latency',
        delay_ms: 2_500,
        method: 'GET',
        path: `/2.0/sign_requests/${id}`,
        count: 1,
      });
      await handle.signal(boxEventSignal, {
        eventId: `ts-evt-${round}`,
        trigger: 'SIGN_REQUEST.COMPLETED',
        signRequestId: id,
        receivedAt: new Date().toISOString(),
      });
      await eventually(
        () => h.control.faults(),
        (faults) => !faults.some((f) => f.id === held.id && f.applied === 0),
      );
      await h.control.signer(id, email, 'verify', { password: 'pw' });
      await h.control.signer(id, email, 'sign');
      answers.push(...(await Promise.all([resendAtOnce(handle), cancelAtOnce(handle), resendAtOnce(handle)])));
      expect((await handle.result()).outcome).toBe('signed');
      const events = await historyEvents(handle);
      const accepted = events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
      const answered = events.filter((e) => e.workflowExecutionUpdateCompletedEventAttributes).length;
      expect(accepted).toBeGreaterThanOrEqual(2);
      expect(answered).toBe(accepted);
      // Nothing was resent or cancelled on Box: the request had ended when the loop would have taken them.
      const onBox = await h.control.request(id);
      expect([onBox.sign_request.status, onBox.resend_count]).toEqual(['signed', 0]);
    }
    const typed = [
      `failure:${ErrorType.SignRequestAlreadyFinished}`,
      `failure:${ErrorType.SignRequestNotCancellable}`,
      `failure:${ErrorType.ResendNotAllowedYet}`,
    ];
    expect(answers.filter((answer) => !typed.includes(answer))).toEqual([]);
    expect(answers.filter((answer) => answer === typed[0]).length).toBeGreaterThanOrEqual(6);
  }, 180_000);
});
