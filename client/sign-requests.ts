import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { SignRequestInput, SignRequestResult, SignRequestState } from '../contracts';
import {
  ApiClient,
  BusinessKey,
  DEFAULT_TASK_QUEUE,
  SIGN_REQUEST_WORKFLOW_TYPE,
  SignerVerification,
  signerVerification,
  statusQuery,
  validateSignRequestInput,
  workflowIdForBusinessKey,
} from '../contracts';
import type { signRequestWorkflow } from '../workflows';
import type { CallbackStartOptions } from './callback-check';
import { assertCallbackAcceptable } from './callback-check';
import { timestampToIso, withPendingDelivery } from './callback-status';
import { InvalidSignRequestInputError } from './errors';

export interface StartOptions extends CallbackStartOptions {
  taskQueue?: string;
}

export interface StartedSignRequest {
  workflowId: string;
  /** True when a workflow for this business key already existed: nothing new was started. */
  alreadyStarted: boolean;
}

/**
 * Starts the sign request for `input.businessKey`, at most once: a second start of the same key, running
 * or finished, returns the existing workflow instead of creating another Box request.
 */
export async function startSignRequest(
  client: Client,
  input: SignRequestInput,
  options: StartOptions = {},
): Promise<StartedSignRequest> {
  const issues = validateSignRequestInput(input);
  if (issues.length > 0) throw new InvalidSignRequestInputError(issues);
  await assertCallbackAcceptable(input, options);
  const workflowId = workflowIdForBusinessKey(input.businessKey);
  const verification = [...new Set(input.signers.map(signerVerification))];
  try {
    await client.workflow.start<typeof signRequestWorkflow>(SIGN_REQUEST_WORKFLOW_TYPE, {
      workflowId,
      taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
      args: [input],
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: BusinessKey, value: input.businessKey },
        { key: SignerVerification, value: verification },
        ...(options.apiClient ? [{ key: ApiClient, value: options.apiClient }] : []),
      ],
      staticSummary: summaryOf(input, verification),
      staticDetails: detailsOf(input),
    });
    return { workflowId, alreadyStarted: false };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, alreadyStarted: true };
    throw err;
  }
}

/**
 * The workflow's state, completed with what only Temporal knows: the polls of the current wait (they are
 * activity retries, not workflow events), the last one's time and when the next is scheduled.
 */
export async function getSignRequestStatus(client: Client, workflowId: string): Promise<SignRequestState> {
  const handle = client.workflow.getHandle(workflowId);
  const [queried, description] = await Promise.all([handle.query(statusQuery), handle.describe()]);
  const state = await withPendingDelivery(client, queried, description.raw.pendingActivities ?? []);
  const poll = description.raw.pendingActivities?.find((a) => a.activityType?.name === 'awaitStatusChange');
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
    `**Document:** ${input.name ?? '(Box default name)'}`,
    input.templateId
      ? `**Template:** ${input.templateId}`
      : `**Source files:** ${input.sourceFiles?.map((f) => f.id).join(', ')}`,
    `**Parent folder:** ${input.parentFolder.id}`,
    '',
    '| signer | role | order | verification |',
    '| --- | --- | --- | --- |',
    ...input.signers.map(
      (s, i) =>
        `| ${i + 1} | ${s.role ?? 'signer'} | ${s.order ?? '–'} | ${
          [s.verificationPhoneNumber ? 'phone' : '', s.password ? 'password' : ''].filter(Boolean).join(' + ') || 'none'
        } |`,
    ),
    '',
  ];
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
function summaryOf(input: SignRequestInput, verification: string[]): string {
  const document =
    input.name ?? (input.templateId ? `template ${input.templateId}` : `${input.sourceFiles?.length ?? 0} file(s)`);
  return `${document} · ${input.signers.length} signer(s) · verification: ${verification.join(', ')}`;
}
