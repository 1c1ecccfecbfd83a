import type { SignRequestInput, ValidationIssue } from '../contracts';
import { validateSignRequestInput } from '../contracts';
import type { SenderPolicy } from '../contracts/allowed-senders';
import { senderIssue } from '../contracts/allowed-senders';
import { defaultCallbackResolver } from '../callbacks/callback-resolver';
import type { Resolve } from '../callbacks/url-policy';
import { callbackUrlProblem } from '../callbacks/url-policy';
import { pollingFloorIssues } from './polling-floor';

export type InputCheck = { ok: true; input: SignRequestInput } | { ok: false; issues: ValidationIssue[] };

/**
 * Every rule at the edge, before any Temporal or Box call: the one strict input schema (shape, rules, size), the
 * sender this client may name, the smallest polling interval this API allows, and where a callback may go (its
 * host resolved by `resolve`: the timed resolver of BOX_SIGN_CALLBACK_DNS_*, asked once per host in a batch). All
 * broken rules are reported at once.
 */
export async function checkSignRequestInput(
  body: unknown,
  callbackAllowHosts: readonly string[],
  senders: SenderPolicy,
  minPollIntervalMs: number,
  resolve: Resolve = defaultCallbackResolver(),
): Promise<InputCheck> {
  const issues = validateSignRequestInput(body);
  issues.push(...pollingFloorIssues(body, issues, minPollIntervalMs));
  const sender = senderOfBody(body, issues);
  if (sender !== undefined) {
    const refused = senderIssue({ sender: { boxUserId: sender } }, senders);
    if (refused !== null) issues.push(refused);
  }
  const url = callbackUrlOf(body);
  if (url !== undefined && !issues.some((issue) => issue.field === 'callback.url')) {
    const rule = await callbackUrlProblem(url, callbackAllowHosts, resolve);
    if (rule !== null) issues.push({ field: 'callback.url', rule });
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, input: body as SignRequestInput };
}

function callbackUrlOf(body: unknown): string | undefined {
  const callback = (body as { callback?: { url?: unknown } } | null)?.callback;
  return typeof callback?.url === 'string' ? callback.url : undefined;
}

/** The named sender when its shape passed the schema (a malformed one is already reported). */
function senderOfBody(body: unknown, issues: readonly ValidationIssue[]): string | undefined {
  if (issues.some((issue) => issue.field.startsWith('sender'))) return undefined;
  const sender = (body as { sender?: { boxUserId?: unknown } } | null)?.sender;
  return typeof sender?.boxUserId === 'string' ? sender.boxUserId : undefined;
}
