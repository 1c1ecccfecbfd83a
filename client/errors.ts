import type { ValidationIssue } from '../contracts';
import { describeIssues, ErrorType } from '../contracts';

/** Thrown by the client before anything is started: the input breaks a rule (no Box call, no workflow). */
export class InvalidSignRequestInputError extends Error {
  override readonly name = ErrorType.InvalidSignRequestInput;
  constructor(readonly issues: ValidationIssue[]) {
    super(`Invalid sign request input: ${describeIssues(issues)}`);
  }
}

/**
 * Thrown by the client when the business key already belongs to a request started with a different input: nothing
 * was started, and the earlier request is unchanged. It names the field and the rule like an invalid input, so a
 * batch reports it beside the other refusals.
 */
export class BusinessKeyConflictError extends Error {
  override readonly name = ErrorType.BusinessKeyConflict;
  readonly issues: ValidationIssue[];
  constructor(readonly workflowId: string) {
    const rule =
      `is already used by ${workflowId}, started with a different input: nothing was started; ` +
      `start the corrected request under another businessKey (and cancel ${workflowId} if it is wrong)`;
    super(`businessKey ${rule}`);
    this.issues = [{ field: 'businessKey', rule }];
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
