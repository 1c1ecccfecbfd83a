import { markdownLiteral } from '../contracts/markdown-literal';
import type { Client } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { SignRequestInput, SignRequestResult, SignRequestState, SignerInput } from '../contracts';
import {
  ApiClient,
  BoxSender,
  BusinessKey,
  DEFAULT_TASK_QUEUE,
  MAX_INPUT_BYTES,
  SIGN_REQUEST_WORKFLOW_TYPE,
  SignerVerification,
  encodedInputBytes,
  fairnessKeyOf,
  senderOf,
  signerVerification,
  sizeRule,
  validateSignRequestInput,
  verificationOf,
  workflowIdForBusinessKey,
} from '../contracts';
import { loadAllowedSenders } from '../config/allowed-senders';
import { senderIssue } from '../contracts/allowed-senders';
import { sealSignRequestInput } from '../encryption/seal-input';
import type { SecretSealing } from '../encryption/sealing-keys';
import { loadSecretSealing } from '../encryption/sealing-keys';
import type { StartBindingKeys } from '../encryption/start-binding';
import { START_BINDING_MEMO_KEY, bindStart } from '../encryption/start-binding';
import type { signRequestWorkflow } from '../workflows';
import type { CallbackStartOptions } from './callback-check';
import { assertCallbackAcceptable } from './callback-check';
import { withPendingDelivery } from './callback-status';
import { timestampToIso } from './pending-activity';
import { BusinessKeyConflictError, InvalidSignRequestInputError } from './errors';
import { INPUT_DIGEST_MEMO_KEY, inputDigest, startedWithOtherInput } from './input-digest';
import { rootFailure } from './failure-cause';
import { withRetryingActivity } from './retrying-activity';
import { withEvidenceProgress } from './evidence-progress';
import { recordedState } from './recorded-state';

export interface StartOptions extends CallbackStartOptions {
  taskQueue?: string;
  /** The senders an input may name; default BOX_SIGN_ALLOWED_SENDERS (unset: none, only the default identity). */
  allowedSenders?: readonly string[];
  /** The workers' public key the signers' secrets are sealed to; default BOX_SIGN_SEALING_PUBLIC_KEY. */
  sealing?: SecretSealing;
  /**
   * With `apiClient`: the start-binding keys that prove the start is that client's (the workers refuse a start naming
   * an API client without it). Only the HTTP API and the workers hold them; a library caller that starts in a client's
   * name is acting as the API.
   */
  startBinding?: StartBindingKeys | null;
}

export interface StartedSignRequest {
  workflowId: string;
  /** True when a workflow for this business key already existed, started with this input: nothing new was started. */
  alreadyStarted: boolean;
}

/**
 * Starts the sign request for `input.businessKey`, at most once: a second start of the same key with the same input,
 * running or finished, returns the existing workflow instead of creating another Box request; with a different
 * input it throws BusinessKeyConflictError (as the HTTP API answers 409), so a corrected input is never mistaken for
 * a retry. "The same input" is the digest in the workflow's memo (client/input-digest.ts).
 */
export async function startSignRequest(
  client: Client,
  input: SignRequestInput,
  options: StartOptions = {},
): Promise<StartedSignRequest> {
  const issues = validateSignRequestInput(input);
  if (issues.length > 0) throw new InvalidSignRequestInputError(issues);
  const senderRefused = senderIssue(input, { deployment: options.allowedSenders ?? loadAllowedSenders() });
  if (senderRefused !== null) throw new InvalidSignRequestInputError([senderRefused]);
  await assertCallbackAcceptable(input, options);
  const workflowOptions = signRequestStartOptions(input, {
    ...options,
    sealing: options.sealing ?? loadSecretSealing(),
  });
  try {
    await client.workflow.start<typeof signRequestWorkflow>(SIGN_REQUEST_WORKFLOW_TYPE, {
      ...workflowOptions,
      workflowIdConflictPolicy: 'FAIL',
    });
    return { workflowId: workflowOptions.workflowId, alreadyStarted: false };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      const { workflowId } = workflowOptions;
      const existing = await client.workflow.getHandle(workflowId).describe();
      if (startedWithOtherInput(existing.memo, input)) throw new BusinessKeyConflictError(workflowId);
      return { workflowId, alreadyStarted: true };
    }
    throw err;
  }
}

export interface SignRequestStartOptions extends StartOptions {
  sealing: SecretSealing;
  /** The HTTP API client starting it: recorded as the ApiClient search attribute (who may see it). */
  apiClient?: string;
  memo?: Record<string, unknown>;
  /** The workflow id; default the business key's (`box-sign-<businessKey>`, the CLI's and the library's form). */
  workflowId?: string;
}

/**
 * The start options every starter uses (CLI, library, HTTP API): the input with its signers' secrets sealed, the
 * id from the business key, never reused once closed (REJECT_DUPLICATE: one request per business key, ever), the
 * PII-free search attributes, the Web UI's summary and details, and the input's digest in the memo (what a repeated
 * start is compared with). Each starter adds its conflict policy.
 */
export function signRequestStartOptions(input: SignRequestInput, options: SignRequestStartOptions) {
  const verification = [...new Set(input.signers.map(signerVerification))];
  const typedSearchAttributes: SearchAttributePair[] = [
    { key: BusinessKey, value: input.businessKey },
    { key: SignerVerification, value: verification },
  ];
  if (options.apiClient !== undefined) typedSearchAttributes.push({ key: ApiClient, value: options.apiClient });
  const sender = senderOf(input);
  if (sender !== undefined) typedSearchAttributes.push({ key: BoxSender, value: sender });
  const workflowId = options.workflowId ?? workflowIdForBusinessKey(input.businessKey);
  const sealed = sealedInput(input, options.sealing);
  const binding =
    options.apiClient !== undefined && options.startBinding
      ? {
          [START_BINDING_MEMO_KEY]: bindStart(options.startBinding, {
            workflowId,
            client: options.apiClient,
            input: sealed,
          }),
        }
      : {};
  return {
    workflowId,
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    args: [sealed] as [SignRequestInput],
    workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
    typedSearchAttributes,
    staticSummary: summaryOf(input, verification),
    staticDetails: detailsOf(input),
    // The workflow's own tasks are fair between senders too: a bulk's first workflow tasks do not delay another's.
    priority: { fairnessKey: fairnessKeyOf(input) },
    memo: { [INPUT_DIGEST_MEMO_KEY]: inputDigest(input), ...options.memo, ...binding },
  };
}

/**
 * Sealing makes each secret longer (about 100 bytes): the size limit holds for the input as Temporal stores it, so an
 * input just under the limit in plaintext can be over it sealed, and is refused here, before anything starts.
 */
function sealedInput(input: SignRequestInput, sealing: SecretSealing): SignRequestInput {
  const sealed = sealSignRequestInput(input, sealing);
  const bytes = encodedInputBytes(sealed);
  if (bytes <= MAX_INPUT_BYTES) return sealed;
  throw new InvalidSignRequestInputError([
    { field: 'input', rule: `${sizeRule(bytes)}, once the signers' passwords and phone numbers are sealed` },
  ]);
}

/**
 * The workflow's state, completed with what only Temporal knows: the polls of the current wait (they are
 * activity retries, not workflow events), the last one's time and when the next is scheduled, the current problem
 * of an activity Box keeps failing, and for a closed workflow the failure it ended with (older runs' states lack it).
 */
export async function getSignRequestStatus(client: Client, workflowId: string): Promise<SignRequestState> {
  const handle = client.workflow.getHandle(workflowId);
  const description = await handle.describe();
  // Runs from before the status memo (and a run still in its first task) are asked with the query.
  const queried = await recordedState(client, workflowId, description);
  if (description.status.name !== 'RUNNING') return finishedState(client, workflowId, queried, description.status.name);
  const pending = description.raw.pendingActivities ?? [];
  const state = await withEvidenceProgress(
    client,
    await withRetryingActivity(client, await withPendingDelivery(client, queried, pending), pending),
    pending,
  );
  const poll = pending.find((a) => a.activityType?.name === 'awaitStatusChange');
  if (!poll) return state;
  // The poll's first attempt only waits (deferFirstCheck): checks done are the attempts after it.
  const checksDone = Math.max(0, (poll.attempt ?? 1) - 2);
  const lastAttempt = checksDone > 0 ? timestampToIso(poll.lastAttemptCompleteTime) : null;
  return {
    ...state,
    polls: state.polls + checksDone,
    lastCheckedAt: latest(state.lastCheckedAt, lastAttempt),
    nextCheckAt: timestampToIso(poll.nextAttemptScheduleTime) ?? state.nextCheckAt,
  };
}

/** A closed workflow checks nothing more and retries nothing; one that did not complete says why it ended. */
async function finishedState(
  client: Client,
  workflowId: string,
  state: SignRequestState,
  executionStatus: string,
): Promise<SignRequestState> {
  const finished = { ...state, nextCheckAt: null, retrying: null };
  // Cancelled in Temporal is an outcome, not a failure: the workflow ended it (on Box too) on purpose.
  if (executionStatus === 'CANCELLED')
    return { ...finished, phase: 'completed', outcome: state.outcome ?? 'cancelled' };
  if (executionStatus === 'COMPLETED' || (state.failure && state.failureType)) return finished;
  const closing = await client.workflow
    .getHandle(workflowId)
    .result()
    .then(
      () => null,
      (err: unknown) => rootFailure(err),
    );
  if (!closing) return finished;
  return {
    ...finished,
    phase: 'failed',
    failure: state.failure ?? closing.message,
    failureType: state.failureType ?? closing.type,
  };
}

function latest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** Waits for the outcome. Declined, expired and cancelled are results; technical failures throw WorkflowFailedError. */
export async function getSignRequestResult(client: Client, workflowId: string): Promise<SignRequestResult> {
  return client.workflow.getHandle<typeof signRequestWorkflow>(workflowId).result();
}

/** The Web UI's details panel: what was asked for, without emails or phone numbers. */
function detailsOf(input: SignRequestInput): string {
  const lines = [
    `**Document:** ${input.name === undefined ? '(Box default name)' : markdownLiteral(input.name)}`,
    input.templateId
      ? `**Template:** ${markdownLiteral(input.templateId)}`
      : `**Source files:** ${input.sourceFiles?.map((f) => f.id).join(', ')}`,
    `**Parent folder:** ${input.parentFolder.id}`,
    '',
    // A list, not a table: the Web UI's markdown renders no tables.
    ...input.signers.map(
      (s, i) =>
        `- signer ${i + 1}: ${s.role ?? 'signer'}, order ${s.order ?? '–'}, verification ${verificationWords(s)}`,
    ),
    '',
  ];
  if (input.sender) lines.push(`Sent as Box user ${input.sender.boxUserId}.`);
  if (input.isPhoneVerificationRequiredToView) lines.push('SMS code required before viewing.');
  if (input.daysValid !== undefined) lines.push(`Box expiry: ${input.daysValid} days.`);
  if (input.deadline) lines.push(`Workflow deadline: ${input.deadline}.`);
  if (input.reminderPolicy) {
    lines.push(
      `Reminders: after ${input.reminderPolicy.afterDays} day(s) of quiet, up to ${input.reminderPolicy.maxReminders}.`,
    );
  }
  return lines.join('\n');
}

/** One line for the Web UI's list: no emails, no phone numbers. */
/** `login + password`, `phone`, `none`: the checks' names only (the Web UI shows no phone, not even masked). */
export function verificationWords(signer: SignerInput): string {
  return (
    verificationOf(signer)
      .map((check) => check.type)
      .join(' + ') || 'none'
  );
}

function summaryOf(input: SignRequestInput, verification: string[]): string {
  // The Web UI renders the summary as markdown: the caller's text goes in literally (no links, no images).
  const document =
    input.name !== undefined
      ? markdownLiteral(input.name)
      : input.templateId
        ? `template ${markdownLiteral(input.templateId)}`
        : `${input.sourceFiles?.length ?? 0} file(s)`;
  const sender = input.sender ? ` · sender ${input.sender.boxUserId}` : '';
  return `${document} · ${input.signers.length} signer(s) · verification: ${verification.join(', ')}${sender}`;
}
