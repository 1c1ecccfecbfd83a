import type { RetryingActivity, SignRequestState } from '../../../contracts';
import type { FailureCause } from '../../failure-cause';

/** "retrying createSignRequest: attempt 5, last error BoxUnavailable: 503 …, next attempt 2026-…". */
export function retryingText(retrying: RetryingActivity): string {
  const parts = [`retrying ${retrying.activity}: attempt ${retrying.attempts}`];
  if (retrying.lastErrorType || retrying.lastErrorMessage) {
    const type = retrying.lastErrorType ? `${retrying.lastErrorType}: ` : '';
    parts.push(`last error ${type}${retrying.lastErrorMessage ?? ''}`);
  }
  if (retrying.nextAttemptAt) parts.push(`next attempt ${retrying.nextAttemptAt}`);
  return parts.join(', ');
}

/** "BoxRequestRejected: 403 access_denied…": the type, when known, then the message. */
export function failureText(failure: FailureCause | { type: string | null; message: string }): string {
  return failure.type ? `${failure.type}: ${failure.message}` : failure.message;
}

export function stateFailureText(state: SignRequestState): string | null {
  if (!state.failure && !state.failureType) return null;
  return failureText({ type: state.failureType ?? null, message: state.failure ?? '' });
}
