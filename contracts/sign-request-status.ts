/** Box's sign-request statuses, classified once for everyone. Unknown values are treated as in progress. */

export const OUTCOME_STATUSES = ['signed', 'declined', 'cancelled', 'expired'] as const;
export type SignRequestOutcome = (typeof OUTCOME_STATUSES)[number];

/** A signer's decision on Box, once made. */
export type SignerDecision = 'signed' | 'declined';

export const IN_PROGRESS_STATUSES = ['converting', 'created', 'sent', 'viewed', 'finalizing'] as const;

export function isOutcomeStatus(status: string): status is SignRequestOutcome {
  return (OUTCOME_STATUSES as readonly string[]).includes(status);
}

/** `error`, `error_converting`, `error_sending`, `error_finalizing` and any future `error_*`: Box says a new request is needed. */
export function isErrorStatus(status: string): boolean {
  return status === 'error' || status.startsWith('error_');
}

export function isTerminalStatus(status: string): boolean {
  return isOutcomeStatus(status) || isErrorStatus(status);
}
