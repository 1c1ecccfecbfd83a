import type { BoxEventNotice, CancelRequest, CancelResult, ResendResult, SignRequestState } from '../contracts';
import { CANCELLABLE_STATUSES, RESENDABLE_STATUSES, isTerminalStatus } from '../contracts';

/**
 * Operator actions arrive as updates but are carried out by the workflow's main loop, one at a time, so that
 * every Box mutation happens in one place and in order. An update handler enqueues its action and waits.
 */
export type OperatorAction = { kind: 'cancel'; request: CancelRequest } | { kind: 'resend' };

type Settle<T> = { resolve: (value: T) => void; reject: (err: unknown) => void };
export type PendingAction =
  | { action: { kind: 'cancel'; request: CancelRequest }; settle: Settle<CancelResult> }
  | { action: { kind: 'resend' }; settle: Settle<ResendResult> };

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

  next(): PendingAction | undefined {
    return this.pending.shift();
  }
}

/** Update validators: a rejection here costs no history event and never touches Box. */
export function assertCancellable(state: SignRequestState): void {
  const status = state.boxStatus;
  if (state.signRequestId === null || status === null) {
    throw new Error('The Box request is still being created; try again in a moment.');
  }
  if (state.phase === 'cancelling' || state.cancellation !== null)
    throw new Error('A cancellation is already under way.');
  if (isTerminalStatus(status)) throw new Error(`The request is already ${status}; there is nothing to cancel.`);
  if (!CANCELLABLE_STATUSES.includes(status)) {
    throw new Error(`Box refuses to cancel a request while it is ${status}; try again in a moment.`);
  }
}

export function assertResendable(state: SignRequestState, nowMs: number): void {
  const status = state.boxStatus;
  if (status === null || !RESENDABLE_STATUSES.includes(status) || state.phase !== 'waiting') {
    throw new Error(`Box refuses a resend while the request is ${status ?? 'being created'}.`);
  }
  const next = state.resends.nextAllowedAt;
  if (next !== null && Date.parse(next) > nowMs) {
    throw new Error(`Box allows one send every 10 minutes: the next resend is possible at ${next}.`);
  }
}
