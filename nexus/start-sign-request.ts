import type { WorkflowExecutionDescription } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { TemporalNexusClient, TemporalStartOperationContext } from '@temporalio/nexus';
import { TemporalOperationResult } from '@temporalio/nexus';
import { OperationError } from 'nexus-rpc';
import { describeOrNull } from '../api/ownership';
import { checkSignRequestInput } from '../api/validate-input';
import { signRequestStartOptions } from '../client/sign-requests';
import { BusinessKeyConflictError, InvalidSignRequestInputError } from '../client/errors';
import { startedWithOtherInput } from '../client/input-digest';
import type { SignRequestInput, SignRequestResult, ValidationIssue } from '../contracts';
import { ErrorType, SIGN_REQUEST_WORKFLOW_TYPE, clientScopedWorkflowId } from '../contracts';
import type { SecretSealing } from '../encryption/sealing-keys';
import type { StartBindingKeys } from '../encryption/start-binding';
import type { signRequestWorkflow } from '../workflows';
import { callerNamespaceOf, nexusClientName } from './caller-client';
import { callerRefused, invalidInput } from './refusals';

/** What the Nexus entrance needs: what the HTTP API holds for the same checks, and who may call. */
export interface NexusEntrance {
  /** The sign workflows' task queue. */
  taskQueue: string;
  /** The workers' public key: signers' secrets are sealed before the request enters the workflow. */
  sealing: SecretSealing;
  /** The keys that bind each start to its client: the worker's own create checks them as for an API start. */
  startBinding: StartBindingKeys | null;
  /** BOX_SIGN_ALLOWED_SENDERS. */
  allowedSenders: readonly string[];
  /** BOX_SIGN_NEXUS_CALLER_NAMESPACES: the namespaces whose workflows may start requests; others are refused. */
  callerNamespaces: readonly string[];
  /** API_MIN_POLL_INTERVAL_MS: polls go to Box as the sender, whose quota every caller shares. */
  minPollIntervalMs: number;
}

const CALLBACK_ISSUE: ValidationIssue = {
  field: 'callback',
  rule: 'is not taken from a Nexus caller: the outcome arrives as the operation’s result (docs/nexus.md)',
};

/**
 * The `signRequest` operation's start: the caller's namespace is its client (`nexus.<namespace>`), and the request
 * goes through the HTTP API's checks (schema, polling floor, senders), is sealed and bound to that client, and
 * runs under the client-scoped id of its business key: one request per key of a caller, ever. A repeat with the same
 * input attaches to the running request (or answers a finished one's outcome at once); another input is refused.
 */
export async function startSignRequestOperation(
  entrance: NexusEntrance,
  ctx: TemporalStartOperationContext,
  nexusClient: TemporalNexusClient,
  input: SignRequestInput,
): Promise<TemporalOperationResult<SignRequestResult>> {
  const namespace = callerNamespaceOf(ctx.inboundLinks);
  if (namespace === null) throw callerRefused('the operation was not started from a Temporal workflow');
  if (!entrance.callerNamespaces.includes(namespace)) {
    throw callerRefused(`namespace ${namespace} is not in BOX_SIGN_NEXUS_CALLER_NAMESPACES`);
  }
  const apiClient = nexusClientName(namespace);
  // A callback is refused outright: its URL is never resolved.
  const { callback, ...withoutCallback } = (isObject(input) ? input : {}) as Partial<SignRequestInput>;
  const checked = await checkSignRequestInput(
    isObject(input) ? withoutCallback : input,
    [],
    { deployment: entrance.allowedSenders },
    entrance.minPollIntervalMs,
  );
  const issues = checked.ok ? [] : checked.issues;
  if (callback !== undefined) issues.push(CALLBACK_ISSUE);
  if (issues.length > 0) throw invalidInput(issues);
  const workflowId = clientScopedWorkflowId(apiClient, input.businessKey);
  const options = startOptions(entrance, apiClient, workflowId, input);
  const existing = await describeOrNull(nexusClient.client, workflowId);
  if (existing !== null) return answerExisting(nexusClient, existing, input, options);
  try {
    return await nexusClient.startWorkflow<typeof signRequestWorkflow>(SIGN_REQUEST_WORKFLOW_TYPE, {
      ...options,
      workflowIdConflictPolicy: 'FAIL',
    });
  } catch (err) {
    // Another operation started this key first: it is a repeat, or a conflict, like any existing one.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    const started = await nexusClient.client.workflow.getHandle(workflowId).describe();
    return answerExisting(nexusClient, started, input, options);
  }
}

type StartOptions = ReturnType<typeof signRequestStartOptions>;

function startOptions(entrance: NexusEntrance, apiClient: string, workflowId: string, input: SignRequestInput) {
  try {
    return signRequestStartOptions(input, {
      taskQueue: entrance.taskQueue,
      sealing: entrance.sealing,
      apiClient,
      workflowId,
      startBinding: entrance.startBinding,
    });
  } catch (err) {
    // The input is over the size limit once its secrets are sealed.
    if (err instanceof InvalidSignRequestInputError) throw invalidInput(err.issues);
    throw err;
  }
}

/** This caller's key is taken: the same input joins the request (its outcome is this operation's), another is refused. */
async function answerExisting(
  nexusClient: TemporalNexusClient,
  existing: WorkflowExecutionDescription,
  input: SignRequestInput,
  options: StartOptions,
): Promise<TemporalOperationResult<SignRequestResult>> {
  if (startedWithOtherInput(existing.memo, input)) {
    const conflict = new BusinessKeyConflictError(existing.workflowId);
    throw invalidInput(conflict.issues, ErrorType.BusinessKeyConflict);
  }
  if (existing.status.name === 'RUNNING') {
    // USE_EXISTING attaches this operation's completion callback to the running request: nothing new starts.
    return nexusClient.startWorkflow<typeof signRequestWorkflow>(SIGN_REQUEST_WORKFLOW_TYPE, {
      ...options,
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  }
  try {
    const result = await nexusClient.client.workflow
      .getHandle<typeof signRequestWorkflow>(existing.workflowId)
      .result();
    return TemporalOperationResult.sync(result);
  } catch (err) {
    throw new OperationError('failed', `the request ${existing.workflowId} ended without an outcome`, {
      cause: err as Error,
    });
  }
}

function isObject(input: unknown): input is object {
  return typeof input === 'object' && input !== null && !Array.isArray(input);
}
