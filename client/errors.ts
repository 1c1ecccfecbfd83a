import type { ValidationIssue } from '../contracts';
import { describeIssues, ErrorType } from '../contracts';

/** Thrown by the client before anything is started: the input breaks a rule (no Box call, no workflow). */
export class InvalidSignRequestInputError extends Error {
  override readonly name = ErrorType.InvalidSignRequestInput;
  constructor(readonly issues: ValidationIssue[]) {
    super(`Invalid sign request input: ${describeIssues(issues)}`);
  }
}
