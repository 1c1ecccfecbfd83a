import { ApplicationFailure } from '@temporalio/common';
import { HandlerError } from 'nexus-rpc';
import type { ValidationIssue } from '../contracts';
import { ErrorType, describeIssues } from '../contracts';

/**
 * Bad input, refused before anything starts: a BAD_REQUEST handler error (Nexus never retries it) whose message and
 * cause name each field and rule, never a value. The cause carries the stable type the other entrances use, and the
 * issues as its details, so the caller's workflow can tell which field to fix.
 */
export function invalidInput(
  issues: ValidationIssue[],
  type: string = ErrorType.InvalidSignRequestInput,
): HandlerError {
  const message = `Invalid sign request input: ${describeIssues(issues)}`;
  return new HandlerError('BAD_REQUEST', message, {
    cause: ApplicationFailure.create({ type, message, nonRetryable: true, details: [issues] }),
  });
}

/** A caller this deployment does not serve: UNAUTHORIZED, which Nexus never retries either. */
export function callerRefused(reason: string): HandlerError {
  return new HandlerError('UNAUTHORIZED', `Refused before any Box call: ${reason} (docs/nexus.md).`);
}
