import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import {
  WithStartWorkflowOperation,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { signRequestStartOptions } from '../client/sign-requests';
import type { ApiClientEntry } from '../config/api-clients';
import type { CreatedSignRequest, SignRequestInput } from '../contracts';
import {
  ApiClient,
  SIGN_REQUEST_WORKFLOW_TYPE,
  createdUpdate,
  statusQuery,
  workflowIdForBusinessKey,
} from '../contracts';
import type { SecretSealing } from '../encryption/sealing-keys';
import type { signRequestWorkflow } from '../workflows';
import type { FailureSummary } from './failures';
import { failureOf } from './failures';
import { INPUT_HMAC_MEMO_KEY, inputHmac, sameInput } from './idempotency';
import { describeOrNull } from './ownership';

export interface CreateContext {
  client: Client;
  taskQueue: string;
  /** How long POST waits for Box to accept before answering 202. */
  createWaitMs: number;
  /** The workers' public key: the signers' secrets are sealed before the request enters Temporal. */
  sealing: SecretSealing;
}

export type CreateOutcome =
  /** Box accepted it: 201 when this call started it, 200 when the same body was sent before. */
  | { kind: 'created' | 'existing'; workflowId: string; created: CreatedSignRequest }
  /** Started, Box has not answered within the wait: 202. */
  | { kind: 'pending'; workflowId: string; phase: string }
  /** The business key belongs to a different body (or another client): 409. */
  | { kind: 'conflict'; workflowId: string }
  /** The create failed before Box accepted it. */
  | { kind: 'failed'; workflowId: string; failure: FailureSummary };

/**
 * POST /v1/sign-requests: one request per business key, ever. A new key is started with update-with-start and
 * answered as soon as the workflow's `created` update says Box has it (early return); a known key is answered
 * from the existing workflow, running or closed, and never starts a second one.
 */
export async function createSignRequest(
  ctx: CreateContext,
  apiClient: ApiClientEntry,
  input: SignRequestInput,
): Promise<CreateOutcome> {
  const workflowId = workflowIdForBusinessKey(input.businessKey);
  const deadline = Date.now() + ctx.createWaitMs;
  const existing = await describeOrNull(ctx.client, workflowId);
  if (existing !== null) return answerExisting(ctx, existing, apiClient, input, deadline);

  const startWorkflowOperation = new WithStartWorkflowOperation<typeof signRequestWorkflow>(
    SIGN_REQUEST_WORKFLOW_TYPE,
    {
      ...apiStartOptions(ctx, apiClient, input),
      // USE_EXISTING (required by update-with-start) attaches to a running one; REJECT_DUPLICATE, from the
      // shared options, refuses to start again once it closed.
      workflowIdConflictPolicy: 'USE_EXISTING',
    },
  );
  let created: CreatedSignRequest;
  try {
    created = await ctx.client.withDeadline(deadline, () =>
      ctx.client.workflow.executeUpdateWithStart(createdUpdate, { startWorkflowOperation }),
    );
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      return answerExisting(ctx, await describeExisting(ctx, workflowId), apiClient, input, deadline);
    }
    return settleUnanswered(ctx, err, workflowId);
  }
  // A concurrent start of the same key may have won: it is ours only if it carries our client and body.
  const started = await describeExisting(ctx, workflowId);
  if (!belongsTo(started, apiClient, input)) return { kind: 'conflict', workflowId };
  return { kind: 'created', workflowId, created };
}

async function answerExisting(
  ctx: CreateContext,
  existing: WorkflowExecutionDescription,
  apiClient: ApiClientEntry,
  input: SignRequestInput,
  deadline: number,
): Promise<CreateOutcome> {
  const { workflowId } = existing;
  if (!belongsTo(existing, apiClient, input)) return { kind: 'conflict', workflowId };
  const handle = ctx.client.workflow.getHandle(workflowId);
  if (existing.status.name === 'RUNNING') {
    try {
      const created = await ctx.client.withDeadline(deadline, () => handle.executeUpdate(createdUpdate));
      return { kind: 'existing', workflowId, created };
    } catch (err) {
      return settleUnanswered(ctx, err, workflowId);
    }
  }
  const state = await handle.query(statusQuery);
  if (state.signRequestId === null) {
    const failure = await handle
      .result()
      .then(
        () => ({ type: 'WorkflowFailed', message: 'the workflow ended before Box accepted the request' }),
        failureOf,
      );
    return { kind: 'failed', workflowId, failure };
  }
  const created: CreatedSignRequest = {
    signRequestId: state.signRequestId,
    status: state.boxStatus ?? 'unknown',
    prepareUrl: state.prepareUrl,
    signers: input.signers.map(({ email }) => ({ email, embedUrl: null })),
  };
  return { kind: 'existing', workflowId, created };
}

/** The update did not answer: the create failed, or the wait ran out (202 while the workflow exists). */
async function settleUnanswered(ctx: CreateContext, err: unknown, workflowId: string): Promise<CreateOutcome> {
  if (err instanceof WorkflowUpdateFailedError) return { kind: 'failed', workflowId, failure: failureOf(err) };
  if (!(err instanceof WorkflowUpdateRPCTimeoutOrCancelledError)) throw err;
  if ((await describeOrNull(ctx.client, workflowId)) === null) throw err;
  const state = await ctx.client
    .withDeadline(Date.now() + 2_000, () => ctx.client.workflow.getHandle(workflowId).query(statusQuery))
    .catch(() => null);
  return { kind: 'pending', workflowId, phase: state?.phase ?? 'creating' };
}

async function describeExisting(ctx: CreateContext, workflowId: string): Promise<WorkflowExecutionDescription> {
  return ctx.client.workflow.getHandle(workflowId).describe();
}

/**
 * The start options of a request an API client starts (POST and the batch): the shared ones, with the client as
 * the ApiClient search attribute (who may see it) and the HMAC of its body in the memo (what "the same body" is).
 */
export function apiStartOptions(ctx: CreateContext, apiClient: ApiClientEntry, input: SignRequestInput) {
  return signRequestStartOptions(input, {
    taskQueue: ctx.taskQueue,
    sealing: ctx.sealing,
    apiClient: apiClient.name,
    memo: { [INPUT_HMAC_MEMO_KEY]: inputHmac(input, apiClient.callbackSecret) },
  });
}

/** The workflow is this client's and was started with this body: a repeat, not a conflict. */
export function belongsTo(
  description: WorkflowExecutionDescription,
  apiClient: ApiClientEntry,
  input: SignRequestInput,
) {
  return (
    description.typedSearchAttributes.get(ApiClient) === apiClient.name &&
    sameInput(description.memo?.[INPUT_HMAC_MEMO_KEY], input, apiClient.callbackSecret)
  );
}
