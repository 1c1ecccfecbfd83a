import { ApplicationFailure } from '@temporalio/common';

export interface FailureCause {
  /** The ApplicationFailure's stable type (contracts/errors.ts), or the error's class name (e.g. TimeoutFailure). */
  type: string;
  message: string;
}

/**
 * The reason at the bottom of a failure chain: a WorkflowFailedError wraps an ActivityFailure ("Activity task
 * failed") that wraps the ApplicationFailure saying why. The deepest ApplicationFailure wins; without one, the
 * deepest error (a timeout, a termination).
 */
export function rootFailure(err: unknown): FailureCause {
  let deepest: unknown = err;
  let application: ApplicationFailure | undefined;
  for (let current: unknown = err; current instanceof Error; current = current.cause) {
    deepest = current;
    if (current instanceof ApplicationFailure) application = current;
  }
  if (application) return { type: application.type || application.name, message: application.message };
  if (deepest instanceof Error) return { type: deepest.name, message: deepest.message };
  return { type: 'Error', message: String(deepest) };
}
