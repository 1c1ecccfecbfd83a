import type { ApplicationFailure } from '@temporalio/common';
import type { ReissueRequest, SignRequestInput, SignRequestState } from '../../contracts';
import { assertReissuable } from '../../workflows/reissue-rules';
import { initialState } from '../../workflows/sign-request-state';

const input = {
  businessKey: 'order-1',
  sourceFiles: [{ id: '1' }],
  parentFolder: { id: '2' },
  signers: [
    { email: 'a@example.com', order: 1 },
    { email: 'b@example.com', order: 2 },
  ],
} as SignRequestInput;

function waiting(changes: Partial<SignRequestState> = {}): SignRequestState {
  return {
    ...initialState(input),
    phase: 'waiting',
    signRequestId: 'box-1',
    boxStatus: 'sent',
    signers: input.signers.map(({ email, order }) => ({
      email,
      role: 'signer',
      order: order ?? 0,
      progress: 'invited' as const,
      viewedAt: null,
      decidedAt: null,
      decisionNote: null,
    })),
    ...changes,
  };
}

const corrected: ReissueRequest = {
  signers: [
    { email: 'fixed@example.com', order: 1 },
    { email: 'b@example.com', order: 2 },
  ],
  round: 2,
  digest: 'd2',
};

function refusal(state: SignRequestState, request = corrected, rules = { queued: false, created: true }) {
  try {
    assertReissuable(state, input, request, rules);
    return null;
  } catch (err) {
    const failure = err as ApplicationFailure;
    return `${failure.type}: ${failure.message}`;
  }
}

/** The reissue update's validator: typed refusals before anything changes; a rejection never reaches Box. */
describe('which reissues a request accepts', () => {
  it('a waiting request with nobody signed accepts the next round', () => {
    expect(refusal(waiting())).toBeNull();
  });

  it('refuses once a signer has signed, while a create, cancel or reissue is under way or queued, and while converting', () => {
    const signed = waiting();
    signed.signers[0]!.progress = 'signed';
    expect(refusal(signed)).toMatch(/^SignRequestNotReissuable: A signer has already signed/);
    expect(refusal(waiting(), corrected, { queued: false, created: false })).toMatch(/still being created/);
    expect(refusal(waiting({ phase: 'creating', signRequestId: null, boxStatus: null }))).toMatch(
      /still being created/,
    );
    expect(refusal(waiting(), corrected, { queued: true, created: true })).toMatch(/another reissue is under way/);
    expect(refusal(waiting({ phase: 'cancelling' }))).toMatch(/^SignRequestNotReissuable: A cancellation/);
    expect(refusal(waiting({ boxStatus: 'converting' }))).toMatch(/while it is converting/);
  });

  it('refuses once the request ended', () => {
    expect(refusal(waiting({ phase: 'completed', outcome: 'cancelled', boxStatus: 'cancelled' }))).toBe(
      'SignRequestAlreadyFinished: The request already finished (cancelled).',
    );
  });

  it('refuses signers whose count or positions differ, naming the field', () => {
    expect(refusal(waiting(), { ...corrected, signers: corrected.signers.slice(0, 1) })).toBe(
      'InvalidSignRequestInput: signers must list all 2 signers of the request, in their positions',
    );
    const swapped = [corrected.signers[0]!, { email: 'b@example.com', order: 3 }];
    expect(refusal(waiting(), { ...corrected, signers: swapped })).toBe(
      'InvalidSignRequestInput: signers[1] must keep its position (the same order and role)',
    );
  });

  it('refuses a reissue bound for another round; a retry of the one that made the round is accepted', () => {
    expect(refusal(waiting(), { ...corrected, round: 3 })).toMatch(/made for round 3; the next round is 2/);
    const reissued = waiting({ round: 2, reissueDigest: 'd2', previousSignRequestIds: ['box-0'] });
    expect(refusal(reissued, corrected)).toBeNull();
    expect(refusal(reissued, { ...corrected, digest: 'other' })).toMatch(/made for round 2; the next round is 3/);
  });
});
