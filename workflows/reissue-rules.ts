import { ApplicationFailure } from '@temporalio/workflow';
import type { ReissueRequest } from '../contracts/reissue';
import type { SignRequestInput, SignerInput } from '../contracts/sign-request-input';
import type { SignRequestState } from '../contracts/sign-request-state';
import { CANCELLABLE_STATUSES } from '../contracts/box-rules';
import { ErrorType } from '../contracts/errors';
import { isTerminalStatus } from '../contracts/sign-request-status';
import { finishedAs, refuse } from './operator-actions';

/** What the validator knows besides the state: whether a cancel or reissue waits, whether Box has the request yet. */
export interface ReissueRules {
  queued: boolean;
  created: boolean;
}

/** The current round (1 until a reissue). */
export function currentRound(state: SignRequestState): number {
  return state.round ?? 1;
}

/** The same corrected signers again, for the round they made: a retry, answered with that round, doing nothing. */
export function isRetriedReissue(state: SignRequestState, request: ReissueRequest): boolean {
  return (
    state.reissueDigest !== undefined &&
    request?.digest === state.reissueDigest &&
    request?.round === currentRound(state)
  );
}

/**
 * The update's validator (and the main loop's check before it acts): refused, with a typed failure, once anyone has
 * signed, while a create or cancel (or another reissue) is in flight or queued, once the request ended, and when the
 * corrected list does not keep the signers' count and positions. A rejection costs no history and never touches Box.
 */
export function assertReissuable(
  state: SignRequestState,
  input: SignRequestInput,
  request: ReissueRequest,
  rules: ReissueRules,
): void {
  if (isRetriedReissue(state, request)) return;
  const status = state.boxStatus;
  if (state.phase === 'completed' || state.phase === 'failed' || (status !== null && isTerminalStatus(status))) {
    throw refuse(ErrorType.SignRequestAlreadyFinished, `The request already finished (${finishedAs(state)}).`);
  }
  if (!rules.created || state.phase === 'creating' || state.signRequestId === null || status === null) {
    throw notReissuable('The Box request is still being created; try again once Box has it.');
  }
  // Box has the request, so the input passed its validation: its signers are a list.
  assertSamePositions(input.signers, request?.signers);
  if (state.phase === 'cancelling' || state.cancellation !== null || rules.queued) {
    throw notReissuable('A cancellation or another reissue is under way.');
  }
  const signed = state.signers.findIndex((s) => s.progress === 'signed');
  if (signed >= 0) {
    throw notReissuable('A signer has already signed: a reissue would lose their signature.');
  }
  if (!CANCELLABLE_STATUSES.includes(status)) {
    throw notReissuable(`Box refuses to cancel a request while it is ${status}; try again in a moment.`);
  }
  const next = currentRound(state) + 1;
  if (request.round !== next) {
    throw notReissuable(`The reissue was made for round ${request.round}; the next round is ${next}. Send it again.`);
  }
}

/** Same count, and at each position the same order and role: only who the signer is and how they verify may change. */
function assertSamePositions(current: SignerInput[], corrected: unknown): void {
  if (!Array.isArray(corrected) || corrected.length !== current.length) {
    throw invalid(`signers must list all ${current.length} signers of the request, in their positions`);
  }
  current.forEach((signer, index) => {
    const next = corrected[index] as Partial<SignerInput> | undefined;
    if ((next?.order ?? null) !== (signer.order ?? null) || (next?.role ?? 'signer') !== (signer.role ?? 'signer')) {
      throw invalid(`signers[${index}] must keep its position (the same order and role)`);
    }
  });
}

function notReissuable(message: string): ApplicationFailure {
  return refuse(ErrorType.SignRequestNotReissuable, message);
}

function invalid(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: ErrorType.InvalidSignRequestInput, message, nonRetryable: true });
}
