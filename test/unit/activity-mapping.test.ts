import { nextPollDelayMs } from '../../activities/poll-delay';
import { toBoxCreateBody } from '../../activities/to-box-create-body';
import { toSnapshot } from '../../activities/to-snapshot';
import { snapshotFingerprint } from '../../contracts';

describe('activity mapping', () => {
  it('turns the camelCase input into Box’s snake_case create body with our external_id', () => {
    const body = toBoxCreateBody(
      {
        businessKey: 'k',
        sourceFiles: [{ id: '1' }],
        parentFolder: { id: '2' },
        isPhoneVerificationRequiredToView: true,
        daysValid: 10,
        signers: [{ email: 'a@example.com', verificationPhoneNumber: '+15551232190', order: 1 }],
      },
      'box-sign-k',
    );
    expect(body).toEqual({
      signers: [{ email: 'a@example.com', role: 'signer', order: 1, verification_phone_number: '+15551232190' }],
      source_files: [{ type: 'file', id: '1' }],
      parent_folder: { type: 'folder', id: '2' },
      days_valid: 10,
      is_phone_verification_required_to_view: true,
      external_id: 'box-sign-k',
    });
  });

  it('keeps unknown statuses and drops phone numbers from the snapshot', () => {
    const snapshot = toSnapshot({
      type: 'sign-request',
      id: 'r1',
      status: 'signed and downloaded',
      signers: [{ email: 'a@example.com', verification_phone_number: '+15551232190', has_viewed_document: true }],
      some_future_field: { nested: true },
    });
    expect(snapshot.status).toBe('signed and downloaded');
    expect(JSON.stringify(snapshot)).not.toContain('+1555');
  });

  it('sees a signer viewing as a change even when the status is the same', () => {
    const base = toSnapshot({
      type: 'sign-request',
      id: 'r',
      status: 'viewed',
      signers: [{ email: 'a@x.io' }, { email: 'b@x.io' }],
    });
    const viewed = toSnapshot({
      type: 'sign-request',
      id: 'r',
      status: 'viewed',
      signers: [{ email: 'a@x.io' }, { email: 'b@x.io', has_viewed_document: true }],
    });
    expect(snapshotFingerprint(base)).not.toBe(snapshotFingerprint(viewed));
  });

  it('backs off polling exponentially up to the ceiling', () => {
    const policy = { initialIntervalMs: 1000, backoffCoefficient: 2, maximumIntervalMs: 5000 };
    expect([1, 2, 3, 4, 5].map((attempt) => nextPollDelayMs(policy, attempt))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });
});
