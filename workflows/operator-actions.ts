import { ApplicationFailure } from '@temporalio/workflow';
import type { BoxEventNotice, CancelRequest, CancelResult, ResendResult } from '../contracts/messages';
import type { ReissueRequest, ReissueResult } from '../contracts/reissue';
import type { SignRequestState } from '../contracts/sign-request-state';
import { CANCELLABLE_STATUSES, RESENDABLE_STATUSES } from '../contracts/box-rules';
import { ErrorType } from '../contracts/errors';
import { isTerminalStatus } from '../contracts/sign-request-status';

/**
 * Operator actions arrive as updates but are carried out by the workflow's main loop, one at a time, so that
 * every Box mutation happens in one place and in order. An update handler enqueues its action and waits.
 */
export type OperatorAction =
  { kind: 'cancel'; request: CancelRequest } | { kind: 'resend' } | { kind: 'reissue'; request: ReissueRequest };

type Settle<T> = { resolve: (value: T) => void; reject: (err: unknown) => void };
export type PendingAction =
  | { action: { kind: 'cancel'; request: CancelRequest }; settle: Settle<CancelResult> }
  | { action: { kind: 'resend' }; settle: Settle<ResendResult> }
  | { action: { kind: 'reissue'; request: ReissueRequest }; settle: Settle<ReissueResult> };

export class ActionQueue {
  private readonly pending: PendingAction[] = [];
  private boxEvent: BoxEventNotice | null = null;

  /** Webhooks for the same request that arrive before the workflow looked collapse into one confirming GET. */
  noteBoxEvent(notice: BoxEventNotice): void {
    this.boxEvent = notice;
  }

  takeBoxEvent(): BoxEventNotice | null {
    const notice = this.boxEvent;
    this.boxEvent = null;
    return notice;
  }

  /** Anything that should interrupt a wait: an operator action or a webhook to confirm. */
  hasWork(): boolean {
    return this.pending.length > 0 || this.boxEvent !== null;
  }

  submitCancel(request: CancelRequest): Promise<CancelResult> {
    return new Promise((resolve, reject) =>
      this.pending.push({ action: { kind: 'cancel', request }, settle: { resolve, reject } }),
    );
  }

  submitResend(): Promise<ResendResult> {
    return new Promise((resolve, reject) =>
      this.pending.push({ action: { kind: 'resend' }, settle: { resolve, reject } }),
    );
  }

  submitReissue(request: ReissueRequest): Promise<ReissueResult> {
    return new Promise((resolve, reject) =>
      this.pending.push({ action: { kind: 'reissue', request }, settle: { resolve, reject } }),
    );
  }

  /** A cancel or a reissue accepted and not carried out yet: either one refuses a reissue. */
  hasCancelOrReissue(): boolean {
    return this.pending.some(({ action }) => action.kind === 'cancel' || action.kind === 'reissue');
  }

  next(): PendingAction | undefined {
    return this.pending.shift();
  }

  /** Actions accepted and not carried out yet. */
  hasQueued(): boolean {
    return this.pending.length > 0;
  }

  /** Refuses every action still waiting: the request ended before the loop reached them. */
  refuseAll(failure: ApplicationFailure): void {
    for (const { settle } of this.pending.splice(0)) settle.reject(failure);
  }

  /** An operator asked to cancel: the only action a create still under way listens for. */
  hasCancel(): boolean {
    return this.pending.some(({ action }) => action.kind === 'cancel');
  }

  /** The reason of the first cancel waiting, if it gave one. */
  pendingCancelReason(): string | null {
    const entry = this.pending.find(({ action }) => action.kind === 'cancel');
    return entry?.action.kind === 'cancel' ? (entry.action.request.reason ?? null) : null;
  }

  /** Answers every cancel waiting: for a request cancelled before Box had it, there is nothing left to do. */
  settleCancels(result: CancelResult): void {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const entry = this.pending[i] as PendingAction;
      if (entry.action.kind !== 'cancel') continue;
      this.pending.splice(i, 1);
      (entry.settle.resolve as (r: CancelResult) => void)(result);
    }
  }
}

/** An update refusal: a typed ApplicationFailure, so callers can tell "not now" from "not possible". */
export function refuse(type: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

export interface CancelRules {
  /** The create can be given up (runs with the cancellable create); older runs refuse a cancel until created. */
  whileCreating: boolean;
  /** A cancel accepted earlier waits in the queue: a second one is refused, as while cancelling. */
  cancelQueued?: boolean;
}

/** Update validators: a rejection here costs no history event and never touches Box. */
export function assertCancellable(state: SignRequestState, rules: CancelRules): void {
  const status = state.boxStatus;
  if (state.phase === 'completed' || state.phase === 'failed') {
    throw refuse(ErrorType.SignRequestAlreadyFinished, `The request already finished (${finishedAs(state)}).`);
  }
  if (state.phase === 'cancelling' || state.cancellation !== null || rules.cancelQueued === true)
    throw refuse(ErrorType.SignRequestNotCancellable, 'A cancellation is already under way.');
  if (state.signRequestId === null || status === null) {
    if (rules.whileCreating && state.phase === 'creating') return;
    throw refuse(ErrorType.SignRequestNotCancellable, 'The Box request is still being created; try again in a moment.');
  }
  if (isTerminalStatus(status)) {
    throw refuse(ErrorType.SignRequestAlreadyFinished, `The request already finished (${status}).`);
  }
  // Converting: accepted, and carried out as soon as Box allows it (SignRequestRun.cancelOnBox).
  if (!CANCELLABLE_STATUSES.includes(status) && status !== 'converting') {
    throw refuse(
      ErrorType.SignRequestNotCancellable,
      `Box refuses to cancel a request while it is ${status}; try again in a moment.`,
    );
  }
}

/** The answer to an action the request ended before: how it ended, as a validator would have said it. */
export function alreadyFinished(state: SignRequestState): ApplicationFailure {
  return refuse(ErrorType.SignRequestAlreadyFinished, `The request already finished (${finishedAs(state)}).`);
}

export function finishedAs(state: SignRequestState): string {
  return state.outcome ?? (state.phase === 'failed' ? 'failed' : (state.boxStatus ?? state.phase));
}

export function assertResendable(state: SignRequestState, nowMs: number): void {
  const status = state.boxStatus;
  if (state.phase === 'completed' || state.phase === 'failed' || (status !== null && isTerminalStatus(status))) {
    throw refuse(ErrorType.SignRequestAlreadyFinished, `The request already finished (${finishedAs(state)}).`);
  }
  if (status === null || !RESENDABLE_STATUSES.includes(status) || state.phase !== 'waiting') {
    throw refuse(
      ErrorType.ResendNotAllowedYet,
      `Box refuses a resend while the request is ${status ?? 'being created'}.`,
    );
  }
  const next = state.resends.nextAllowedAt;
  if (next !== null && Date.parse(next) > nowMs) {
    throw refuse(
      ErrorType.ResendNotAllowedYet,
      `Box allows one send every 10 minutes: the next resend is possible at ${next}.`,
    );
  }
}
