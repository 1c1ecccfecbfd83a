import {
  ApplicationFailure,
  CancelledFailure,
  TemporalFailure,
  TerminatedFailure,
  TimeoutFailure,
} from '@temporalio/common';

export interface FailureSummary {
  /** A stable type from the error vocabulary (contracts/errors.ts), or Workflow* for what Temporal did. */
  type: string;
  message: string;
}

/** The innermost reason of a workflow or update failure, as a type a caller can switch on and its message. */
export function failureOf(err: unknown): FailureSummary {
  let cause: unknown = err;
  let last: TemporalFailure | undefined;
  while (cause instanceof Error) {
    if (cause instanceof ApplicationFailure && cause.type) return { type: cause.type, message: cause.message };
    if (cause instanceof CancelledFailure) return { type: 'WorkflowCancelled', message: 'cancelled in Temporal' };
    if (cause instanceof TerminatedFailure) return { type: 'WorkflowTerminated', message: 'terminated in Temporal' };
    if (cause instanceof TimeoutFailure) return { type: 'WorkflowTimedOut', message: cause.message };
    if (cause instanceof TemporalFailure) last = cause;
    cause = cause.cause;
  }
  return { type: 'WorkflowFailed', message: last?.message ?? (err instanceof Error ? err.message : String(err)) };
}
