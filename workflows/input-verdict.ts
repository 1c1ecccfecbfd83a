import { patched, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { SignRequestActivities } from '../activities';
import type { ValidationIssue } from '../contracts/errors';
import { BUSINESS_KEY_PATTERN } from '../contracts/business-key';
import { validateSignRequestInputLegacy } from '../contracts/legacy-validation';

/**
 * Runs started since this patch ask the validateInput local activity for their input's verdict: zod stays out of
 * the sandbox (and out of every cached workflow's memory), and the verdict is recorded in history, so a replay reads
 * it back instead of validating again with whatever rules the new code has.
 */
export const RECORDED_INPUT_VERDICT_PATCH = 'recorded-input-verdict';

/**
 * Runs started before the recorded verdict but after this patch validated in the workflow with the strict schema
 * (zod), which no longer is in the bundle. Such a run is still open only if its input passed (a rejected input failed
 * the workflow in its first task), so an open one replays whatever this path decides, as long as it never refuses
 * what the strict schema accepted. It re-applies the strict rule that needs no zod, the business key's, so that the
 * closed runs it rejected still replay too; a closed run the schema rejected for another rule does not (see
 * docs/changing-the-workflow.md, the patch register).
 */
const STRICT_INPUT_SCHEMA_PATCH = 'strict-input-schema';

/**
 * Validation is plain CPU work on the worker that runs the workflow: a local activity (no task queue round trip, no
 * activity task in history, only its answer as a marker). It fails only on a bug, so it retries until a fix is
 * deployed, slowly enough to be quiet.
 */
const { validateInput } = proxyLocalActivities<Pick<SignRequestActivities, 'validateInput'>>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
  summary: 'Validate the sign request input',
});

/** The input's issues, none when it is valid: recorded, or as the run's own era decided it. */
export async function inputVerdict(input: unknown): Promise<ValidationIssue[]> {
  if (patched(RECORDED_INPUT_VERDICT_PATCH)) {
    return validateInput({ input, startedAtMs: workflowInfo().startTime.getTime() });
  }
  if (patched(STRICT_INPUT_SCHEMA_PATCH)) return strictBusinessKeyIssues(input);
  return validateSignRequestInputLegacy(input);
}

/** The strict schema's business-key rule, as it words it (the one strict rule that replays without zod). */
function strictBusinessKeyIssues(input: unknown): ValidationIssue[] {
  const key =
    typeof input === 'object' && input !== null ? (input as { businessKey?: unknown }).businessKey : undefined;
  if (typeof key === 'string' && BUSINESS_KEY_PATTERN.test(key)) return [];
  return [{ field: 'businessKey', rule: 'breaks the strict schema’s business-key rule' }];
}
