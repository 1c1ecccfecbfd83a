import { ApplicationFailure } from '@temporalio/common';
import type { SignRequestInput } from '../contracts';
import { ErrorType } from '../contracts';
import type { SenderPolicy } from '../contracts/allowed-senders';
import { senderIssue } from '../contracts/allowed-senders';

/**
 * Checked before any Box call, for starters that reach Temporal directly: a sender the deployment (or the starting
 * API client's own list) does not allow fails the create at once, naming the field (never the list of ids).
 */
export function assertSenderAllowed(request: SignRequestInput, policy: SenderPolicy): void {
  const issue = senderIssue(request, policy);
  if (issue === null) return;
  throw ApplicationFailure.create({
    type: ErrorType.SenderNotAllowed,
    message: `The sign request was not sent to Box: ${issue.field} ${issue.rule}`,
    nonRetryable: true,
    details: [[issue]],
  });
}
