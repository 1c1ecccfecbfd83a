import { callbackUrlProblem } from '../callbacks/url-policy';
import { SettingsReader } from '../config/reader';
import { SETTINGS } from '../config/settings';
import type { SignRequestInput, ValidationIssue } from '../contracts';
import { InvalidSignRequestInputError } from './errors';

export interface CallbackStartOptions {
  /** The API client starting the request: recorded as its ApiClient search attribute; its secret signs callbacks. */
  apiClient?: string;
  /** Private hosts a callback may go to; default BOX_SIGN_CALLBACK_ALLOW_HOSTS. */
  callbackAllowHosts?: readonly string[];
}

/**
 * A callback needs the client whose secret signs it, and a URL the policy allows (https, public host): refused
 * here, before anything is started, like any other input rule. The worker checks the URL again before each POST.
 */
export async function assertCallbackAcceptable(input: SignRequestInput, options: CallbackStartOptions): Promise<void> {
  if (input.callback === undefined) return;
  const issues: ValidationIssue[] = [];
  if (!options.apiClient) {
    issues.push({
      field: 'callback',
      rule: "needs the starting API client (startSignRequest's apiClient option): its secret signs the callback",
    });
  }
  const allowHosts =
    options.callbackAllowHosts ?? new SettingsReader(process.env).get(SETTINGS.BOX_SIGN_CALLBACK_ALLOW_HOSTS);
  const problem = await callbackUrlProblem(input.callback.url, allowHosts);
  if (problem) issues.push({ field: 'callback.url', rule: problem });
  if (issues.length > 0) throw new InvalidSignRequestInputError(issues);
}
