import { boxEventSignal, statusQuery } from '../../contracts';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';

/** Polling so slow that only the signal can explain a prompt ending. */
const SLOW_POLLING = { initialIntervalMs: 600_000, backoffCoefficient: 1, maximumIntervalMs: 600_000 };

describe('a Box event signal (what the webhook receiver sends)', () => {
  let h: Harness;
  beforeAll(async () => {
    // Converted at once: the first poll after creation already sees `sent`, so no other GET is pending.
    h = await startHarness({ emulator: { conversionDelayMs: 0 } });
  }, 60_000);
  afterAll(() => h?.teardown());

  it('wakes the workflow, which confirms with one GET and ends at once, without waiting for the next poll', async () => {
    const email = 'hook@example.com';
    const workflowId = await h.start(signRequest({ polling: SLOW_POLLING, signers: [{ email, password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    const handle = h.client.workflow.getHandle(workflowId);
    // Once the workflow has seen `sent`, its next poll is 10 minutes away.
    await eventually(
      () => handle.query(statusQuery),
      (s) => s.boxStatus === 'sent',
    );
    await h.control.signer(id, email, 'verify', { password: 'pw' });
    await h.control.signer(id, email, 'sign');
    await eventually(
      () => h.control.request(id),
      (r) => r.sign_request.status === 'signed',
    );
    const getsOf = async () =>
      (await h.control.calls()).filter((c) => c.method === 'GET' && c.path === `/2.0/sign_requests/${id}`).length;
    const getsBefore = await getsOf();
    const notice = {
      eventId: 'evt-1',
      trigger: 'SIGN_REQUEST.COMPLETED',
      signRequestId: id,
      receivedAt: new Date().toISOString(),
    };
    await handle.signal(boxEventSignal, notice);

    const result = await handle.result();
    expect(result.outcome).toBe('signed');
    // One confirming GET after the signal, then the evidence collection's own look at the signed request (are its
    // files ready to download?): nothing waited for the 10-minute cadence.
    expect((await getsOf()) - getsBefore).toBe(2);
    expect((await handle.query(statusQuery)).boxEvents).toBe(1);
  });

  it('a webhook that announces nothing new costs one GET and the request keeps waiting', async () => {
    const workflowId = await h.start(
      signRequest({ polling: SLOW_POLLING, signers: [{ email: 'quiet@example.com', password: 'pw' }] }),
    );
    const id = await boxRequestFor(h.control, workflowId);
    const handle = h.client.workflow.getHandle(workflowId);
    await eventually(
      () => handle.query(statusQuery),
      (s) => s.boxStatus === 'sent',
    );
    const before = (await handle.query(statusQuery)).statusChanges;
    await handle.signal(boxEventSignal, {
      eventId: 'evt-2',
      trigger: 'SIGN_REQUEST.SIGNER_SIGNED',
      signRequestId: id,
      receivedAt: new Date().toISOString(),
    });
    const after = await eventually(
      () => handle.query(statusQuery),
      (s) => s.boxEvents === 1,
    );
    expect(after.statusChanges).toBe(before);
    expect(after.phase).toBe('waiting');
    await handle.cancel();
  });
});
