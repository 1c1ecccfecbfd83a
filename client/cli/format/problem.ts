import type { RetryingActivity, SignRequestState, ValidationIssue } from '../../../contracts';
import { redactText } from '../../../logging/redact';
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

/**
 * Broken rules in one line, `field rule; field rule`. A field path can echo a key the user typed (an unknown field
 * named like an e-mail address), so it is redacted; a rule is the schema's own text and never holds a user's value,
 * so its example (`such as +15551232190`) stays readable, as the API prints it.
 */
export function issuesText(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => `${redactText(issue.field)} ${issue.rule}`).join('; ');
}
