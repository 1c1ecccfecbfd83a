import { getSignRequestStatus, resendSignRequest } from '../../client';
import { ErrorType } from '../../contracts';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor } from '../support/signers';
import { liveThroughDays } from './live-through-days';

/**
 * Time-skipped tests poll at the default cadence: a test cadence of one second would mean millions of polls. Each test
 * has a time-skipping server of its own: time is global to a server, and a workflow an earlier test cancelled while
 * its poll was in flight can keep the test server from skipping (the next test's 11-minute sleep then ran in real
 * time).
 */
describe('a request that lives for weeks (time-skipping server)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ timeSkipping: true });
  }, 60_000);
  afterEach(() => h?.teardown());

  it('a resend inside Box’s 10-minute cool-down is rejected with the next allowed time; after it, accepted', async () => {
    const workflowId = await h.start(signRequest({ signers: [{ email: 'again@example.com', password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await h.testEnv.sleep('2 seconds');
    const early = (await resendSignRequest(h.client, workflowId).catch((err: unknown) => err)) as Error;
    const nextAllowedAt = (await getSignRequestStatus(h.client, workflowId)).resends.nextAllowedAt;
    expect((early.cause as Error).message).toContain(`next resend is possible at ${nextAllowedAt}`);
    expect(early.cause).toMatchObject({ type: ErrorType.ResendNotAllowedYet });

    await h.testEnv.sleep('11 minutes');
    await h.control.advanceClock({ ms: 11 * 60_000 });
    const resent = await resendSignRequest(h.client, workflowId);
    expect(resent.resendsDone).toBe(1);
    expect(Date.parse(resent.nextAllowedAt) - Date.parse(resent.resentAt)).toBe(10 * 60_000);
    expect((await h.control.request(id)).resend_count).toBe(1);
    await expect(resendSignRequest(h.client, workflowId)).rejects.toThrow();
    await h.client.workflow.getHandle(workflowId).cancel();
  });

  it('a resend Box keeps failing with 503s is retried, then refused saying so', async () => {
    const workflowId = await h.start(signRequest({ signers: [{ email: 'flaky@example.com', password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await h.testEnv.sleep('11 minutes');
    await h.control.advanceClock({ ms: 11 * 60_000 });
    await h.control.addFault({ method: 'POST', path: `/2.0/sign_requests/${id}/resend`, status: 503, percent: 100 });

    const failure = (await resendSignRequest(h.client, workflowId).catch((err: unknown) => err)) as Error;
    expect(failure.cause).toMatchObject({ type: ErrorType.BoxUnavailable });
    expect((failure.cause as Error).message).toMatch(
      /^Box was unavailable; the action was retried 5 times and failed: /,
    );
    expect((failure.cause as Error).message).toContain('503');
    await h.control.clearFaults();
    await h.client.workflow.getHandle(workflowId).cancel();
  });

  it('the reminder policy sends the expected number of resends over simulated weeks, and no more', async () => {
    const workflowId = await h.start(
      signRequest({
        polling: undefined,
        reminderPolicy: { afterDays: 2, maxReminders: 3 },
        signers: [{ email: 'late@example.com', password: 'pw' }],
      }),
    );
    const id = await boxRequestFor(h.control, workflowId);
    await liveThroughDays(h, 5);
    expect((await getSignRequestStatus(h.client, workflowId)).reminders.sent).toBe(2);
    await liveThroughDays(h, 16);
    const state = await getSignRequestStatus(h.client, workflowId);
    expect(state.reminders).toEqual({ sent: 3, nextAt: null });
    expect((await h.control.request(id)).resend_count).toBe(3);
    await h.client.workflow.getHandle(workflowId).cancel();
  }, 300_000);
});
