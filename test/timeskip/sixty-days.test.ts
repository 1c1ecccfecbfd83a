import { getSignRequestStatus } from '../../client';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor } from '../support/signers';
import { liveThroughDays } from './live-through-days';

/**
 * The longest suite (thousands of real polls through the worker and the emulator, minutes of CPU): a file of its own,
 * so that it starts first in a lane of its own (jest-sequencer.config.js) while the others share the rest. The
 * time-out is a hang guard sized for a loaded 2-core machine running the other lanes, not a speed target.
 */
describe('a request that lives for 60 days (time-skipping server)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ timeSkipping: true });
  }, 60_000);
  afterAll(() => h?.teardown());

  it('waits 60 days with reminders at the normal polling cadence, ends signed, and its history stays small', async () => {
    const email = 'patient@example.com';
    const workflowId = await h.start(
      signRequest({
        polling: undefined,
        reminderPolicy: { afterDays: 7, maxReminders: 4 },
        signers: [{ email, password: 'pw' }],
      }),
    );
    const id = await boxRequestFor(h.control, workflowId);
    await liveThroughDays(h, 60);

    const state = await getSignRequestStatus(h.client, workflowId);
    expect(state.boxStatus).toBe('sent');
    expect(state.reminders.sent).toBe(4);
    expect(state.resends.done).toBe(4);
    expect((await h.control.request(id)).resend_count).toBe(4);
    // The default cadence backs off to one GET per 10 minutes: thousands of polls, none of them in history.
    expect(state.polls).toBeGreaterThan(60 * 24);

    await h.control.signer(id, email, 'verify', { password: 'pw' });
    await h.control.signer(id, email, 'sign');
    expect((await h.result(workflowId)).outcome).toBe('signed');
    const events = (await h.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    expect(events.length).toBeLessThanOrEqual(150);
  }, 300_000);
});
