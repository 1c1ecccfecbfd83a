import type { ValidationIssue } from './errors';
import type { SignRequestInput } from './sign-request-input';
import { senderNotAllowedRule, senderOf } from './sender';

/** The input field that names the sender, as refusals name it. */
export const SENDER_FIELD = 'sender.boxUserId';

/**
 * Who may be named as a request's sender: the deployment's list (BOX_SIGN_ALLOWED_SENDERS), narrowed for a request
 * of the HTTP API by its client's own `senders` (absent: the deployment's list). A request naming no sender always
 * passes: it goes as the deployment's default identity.
 */
export interface SenderPolicy {
  deployment: readonly string[];
  apiClient?: readonly string[] | undefined;
}

/** Whether a broken rule is only that the named sender is not allowed (a 403 at the API, not a 400). */
export function isSenderRefusal(issue: ValidationIssue): boolean {
  return issue.rule === senderNotAllowedRule('deployment') || issue.rule === senderNotAllowedRule('apiClient');
}

/** The broken rule when the input names a sender the policy does not allow, else null. Never the list of ids. */
export function senderIssue(input: Pick<SignRequestInput, 'sender'>, policy: SenderPolicy): ValidationIssue | null {
  const sender = senderOf(input);
  if (sender === undefined) return null;
  if (!policy.deployment.includes(sender)) return { field: SENDER_FIELD, rule: senderNotAllowedRule('deployment') };
  if (policy.apiClient !== undefined && !policy.apiClient.includes(sender)) {
    return { field: SENDER_FIELD, rule: senderNotAllowedRule('apiClient') };
  }
  return null;
}
