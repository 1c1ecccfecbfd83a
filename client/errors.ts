import type { ValidationIssue } from '../contracts';
import { describeIssues, ErrorType } from '../contracts';

/** Thrown by the client before anything is started: the input breaks a rule (no Box call, no workflow). */
export class InvalidSignRequestInputError extends Error {
  override readonly name = ErrorType.InvalidSignRequestInput;
  constructor(readonly issues: ValidationIssue[]) {
    super(`Invalid sign request input: ${describeIssues(issues)}`);
  }
}

/** An operator action (cancel, resend) on a request whose workflow has already ended: nothing was changed. */
export class SignRequestAlreadyFinishedError extends Error {
  override readonly name = ErrorType.SignRequestAlreadyFinished;
  constructor(
    readonly workflowId: string,
    /** How it ended: a business outcome (signed, declined, expired, cancelled) or failed, terminated, timed out. */
    readonly endedAs: string,
  ) {
    super(`${workflowId} already finished (${endedAs})`);
  }
}
