import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { SignRequestInput, SignRequestResult, SignRequestState } from '../contracts';
import {
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
import { InvalidSignRequestInputError } from './errors';

export interface StartOptions {
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
      ],
      staticSummary: summaryOf(input, verification),
    });
    return { workflowId, alreadyStarted: false };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, alreadyStarted: true };
    throw err;
  }
}

export async function getSignRequestStatus(client: Client, workflowId: string): Promise<SignRequestState> {
  return client.workflow.getHandle(workflowId).query(statusQuery);
}

/** Waits for the outcome. Declined, expired and cancelled are results; technical failures throw WorkflowFailedError. */
export async function getSignRequestResult(client: Client, workflowId: string): Promise<SignRequestResult> {
  return client.workflow.getHandle<typeof signRequestWorkflow>(workflowId).result();
}

/** One line for the Web UI's list: no emails, no phone numbers. */
function summaryOf(input: SignRequestInput, verification: string[]): string {
  const document =
    input.name ?? (input.templateId ? `template ${input.templateId}` : `${input.sourceFiles?.length ?? 0} file(s)`);
  return `${document} · ${input.signers.length} signer(s) · verification: ${verification.join(', ')}`;
}
