import type { SignRequestInput, ValidationIssue } from '../contracts';
import { signRequestInputSchema, validateSignRequestInput } from '../contracts';
import { callbackUrlProblem } from '../callbacks/url-policy';
import { onePerField, zodIssuesToValidationIssues } from './input-issues';

export type InputCheck = { ok: true; input: SignRequestInput } | { ok: false; issues: ValidationIssue[] };

/**
 * Every rule at the edge, before any Temporal or Box call: the schema's shape, the input rules the workflow
 * applies, and where a callback may go. All broken rules are reported at once.
 */
export async function checkSignRequestInput(body: unknown, callbackAllowHosts: readonly string[]): Promise<InputCheck> {
  const parsed = signRequestInputSchema.safeParse(body);
  const issues = parsed.success ? [] : zodIssuesToValidationIssues(parsed.error.issues);
  issues.push(...validateSignRequestInput(body));
  const url = callbackUrlOf(body);
  if (url !== undefined) {
    const rule = await callbackUrlProblem(url, callbackAllowHosts);
    if (rule !== null) issues.push({ field: 'callback.url', rule });
  }
  if (issues.length > 0 || !parsed.success) return { ok: false, issues: onePerField(issues) };
  return { ok: true, input: parsed.data };
}

function callbackUrlOf(body: unknown): string | undefined {
  const callback = (body as { callback?: { url?: unknown } } | null)?.callback;
  return typeof callback?.url === 'string' ? callback.url : undefined;
}
