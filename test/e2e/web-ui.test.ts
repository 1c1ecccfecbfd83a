import { getSignRequestStatus } from '../../client';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';

const PHONE = '+15551232190';
const EMAIL = 'ui.signer@example.com';

describe('what an operator sees in the Temporal Web UI', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(() => h?.teardown());

  it('summary, details, current details and activity summaries describe the request without PII', async () => {
    const workflowId = await h.start(
      signRequest({
        name: 'Lease 42',
        isPhoneVerificationRequiredToView: true,
        signers: [
          { email: EMAIL, verificationPhoneNumber: PHONE, order: 1 },
          { email: 'second.ui@example.com', password: 'pw', order: 2 },
        ],
      }),
    );
    const id = await boxRequestFor(h.control, workflowId);
    const handle = h.client.workflow.getHandle(workflowId);
    await eventually(
      () => getSignRequestStatus(h.client, workflowId),
      (s) => s.boxStatus === 'sent',
    );

    const description = await handle.describe();
    const summary = await description.staticSummary();
    const details = await description.staticDetails();
    expect(summary).toBe('` Lease 42 ` · 2 signer(s) · verification: phone, password');
    expect(details).toContain('- signer 1: signer, order 1, verification phone');
    expect(details).toContain('- signer 2: signer, order 2, verification password');
    expect(details).not.toContain('|');

    const metadata = await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
    expect(metadata.currentDetails).toContain('**Box status:** sent');
    expect(metadata.currentDetails).toContain('signer 1 (order 1): **invited**');
    expect(metadata.currentDetails).toContain('signer 2 (order 2): **waiting**');
    expect(metadata.currentDetails).toContain('**Now:** waiting for Box to change');
    expect(metadata.currentDetails).toContain('attempts of the pending "Wait for the sign request to change" activity');

    // A poll that saw nothing new is pending with a benign failure, not a red error.
    const pendingPoll = await eventually(
      async () => (await handle.describe()).raw.pendingActivities?.[0],
      (poll) => (poll?.attempt ?? 0) > 1,
    );
    expect(pendingPoll?.activityType?.name).toBe('awaitStatusChange');
    // temporal.api.enums.v1.ApplicationErrorCategory.APPLICATION_ERROR_CATEGORY_BENIGN
    expect(pendingPoll?.lastFailure?.applicationFailureInfo?.category).toBe(1);
    // …and reads as it is: a short message of our own in the clear, no "Encoded failure", no stack of local paths.
    expect(pendingPoll?.lastFailure?.message).toMatch(/^(Sign request still sent|First check deferred)$/);
    expect(pendingPoll?.lastFailure?.stackTrace ?? '').toBe('');
    expect(pendingPoll?.lastFailure?.encodedAttributes ?? null).toBeNull();

    const { events } = await handle.fetchHistory();
    const scheduled = (events ?? []).filter((e) => e.activityTaskScheduledEventAttributes);
    expect(scheduled.every((e) => e.userMetadata?.summary)).toBe(true);

    for (const text of [summary, details, metadata.currentDetails, JSON.stringify(description.searchAttributes)]) {
      expect(text).not.toContain(EMAIL);
      expect(text).not.toContain(PHONE);
    }
    await handle.cancel();
    await expect(handle.result()).rejects.toThrow();
    expect((await h.control.request(id)).sign_request.status).toBe('cancelled');
  });

  it('a finished request’s current details give its outcome and no next check', async () => {
    const email = 'finished-ui@example.com';
    const workflowId = await h.start(signRequest({ signers: [{ email, password: 'pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.signer(id, email, 'verify', { password: 'pw' });
    await h.control.signer(id, email, 'sign');
    const handle = h.client.workflow.getHandle(workflowId);
    expect((await handle.result()).outcome).toBe('signed');

    const metadata = await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
    expect(metadata.currentDetails).toContain('**Outcome:** signed');
    expect(metadata.currentDetails).not.toMatch(/next|within|pending/i);
  });
});
