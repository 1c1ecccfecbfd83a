import type { Client, WorkflowExecutionDescription } from '@temporalio/client';
import {
  WithStartWorkflowOperation,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { signRequestStartOptions } from '../client/sign-requests';
import type { ApiClientEntry } from '../config/api-clients';
import type { CreatedSignRequest, SignRequestInput, SignRequestState } from '../contracts';
import {
  ApiClient,
  SIGN_REQUEST_WORKFLOW_TYPE,
  createdFromMemo,
  createdUpdate,
  stateFromMemo,
  clientScopedWorkflowId,
} from '../contracts';
import type { SecretSealing } from '../encryption/sealing-keys';
import type { StartBindingKeys } from '../encryption/start-binding';
import type { signRequestWorkflow } from '../workflows';
import type { FailureSummary } from './failures';
import { failureOf } from './failures';
import { sameInput } from './idempotency';
import { describeOrNull, describeOwnedByKey } from './ownership';
import { recordedState } from '../client/recorded-state';

export interface CreateContext {
  client: Client;
  taskQueue: string;
  /** How long POST waits for Box to accept before answering 202. */
  createWaitMs: number;
  /** The workers' public key: the signers' secrets are sealed before the request enters Temporal. */
  sealing: SecretSealing;
  /** The keys that bind each start to its client (the workers refuse a start in a client's name without it). */
  startBinding: StartBindingKeys | null;
}

export type CreateOutcome =
  /** Box accepted it: 201 when this call started it, 200 when the same body was sent before. */
  | { kind: 'created' | 'existing'; workflowId: string; created: CreatedSignRequest }
  /** Started, Box has not answered within the wait: 202. */
  | { kind: 'pending'; workflowId: string; phase: string }
  /** This client's business key belongs to a different body: 409. */
  | { kind: 'conflict'; workflowId: string }
  /** The create failed before Box accepted it. */
  | { kind: 'failed'; workflowId: string; failure: FailureSummary };

/**
 * POST /v1/sign-requests: one request per business key of this client, ever. A new key is started (under the
 * client-scoped id) with update-with-start and answered as soon as the workflow's `created` update says Box has it
 * (early return); a key of this client's is answered from the existing workflow, running or closed (scoped, or legacy
 * when this client started it before ids were scoped), and never starts a second one. Another client's use of the
 * same key is never looked at: its answer is a fresh key's.
 */
export async function createSignRequest(
  ctx: CreateContext,
  apiClient: ApiClientEntry,
  input: SignRequestInput,
): Promise<CreateOutcome> {
  const workflowId = clientScopedWorkflowId(apiClient.name, input.businessKey);
  const deadline = Date.now() + ctx.createWaitMs;
  const existing = await describeOwnedByKey(ctx.client, input.businessKey, apiClient.name);
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
    if (stateFromMemo(existing.memo) !== undefined) return answerFromMemo(ctx, existing, input, deadline);
    // A run from before the status memo: its `created` update answers (and adds events to its history).
    try {
      const created = await ctx.client.withDeadline(deadline, () => handle.executeUpdate(createdUpdate));
      return { kind: 'existing', workflowId, created };
    } catch (err) {
      return settleUnanswered(ctx, err, workflowId);
    }
  }
  return answerFinished(ctx, workflowId, input, await recordedState(ctx.client, workflowId, existing));
}

/** A request whose create is over: what Box accepted, or why nothing was created. */
async function answerFinished(
  ctx: CreateContext,
  workflowId: string,
  input: SignRequestInput,
  state: SignRequestState,
): Promise<CreateOutcome> {
  if (state.signRequestId === null) {
    if (state.phase === 'failed' && state.failureType) {
      return { kind: 'failed', workflowId, failure: { type: state.failureType, message: state.failure ?? '' } };
    }
    const failure = await ctx.client.workflow
      .getHandle(workflowId)
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
  const description = await describeOrNull(ctx.client, workflowId);
  if (description === null) throw err;
  return { kind: 'pending', workflowId, phase: stateFromMemo(description?.memo)?.phase ?? 'creating' };
}

/** How often a repeated POST looks at the memo while Box has not accepted the request yet. */
const MEMO_CHECK_MS = 250;

/**
 * A repeated POST of a running request, answered from the memo the workflow keeps (describe() writes nothing; the
 * `created` update would add events to the history on every repeat). While the create is still going on, it looks
 * again until Box has the request, the workflow ends, or the wait runs out (202).
 */
async function answerFromMemo(
  ctx: CreateContext,
  description: WorkflowExecutionDescription,
  input: SignRequestInput,
  deadline: number,
): Promise<CreateOutcome> {
  const { workflowId } = description;
  for (let current = description; ;) {
    const created = createdFromMemo(current.memo);
    if (created !== undefined) return { kind: 'existing', workflowId, created };
    const state = stateFromMemo(current.memo);
    if (state !== undefined && (current.status.name !== 'RUNNING' || state.phase === 'failed')) {
      return answerFinished(ctx, workflowId, input, state);
    }
    if (Date.now() + MEMO_CHECK_MS > deadline)
      return { kind: 'pending', workflowId, phase: state?.phase ?? 'creating' };
    await new Promise((resolve) => setTimeout(resolve, MEMO_CHECK_MS));
    current = await describeExisting(ctx, workflowId);
  }
}

async function describeExisting(ctx: CreateContext, workflowId: string): Promise<WorkflowExecutionDescription> {
  return ctx.client.workflow.getHandle(workflowId).describe();
}

/**
 * The start options of a request an API client starts (POST and the batch): the shared ones under the client-scoped
 * id (with the input's secret-blind digest in the memo: what "the same body" is), the client as the ApiClient search
 * attribute (who may see it) and the start binding the workers check before acting in the client's name.
 */
export function apiStartOptions(ctx: CreateContext, apiClient: ApiClientEntry, input: SignRequestInput) {
  return signRequestStartOptions(input, {
    taskQueue: ctx.taskQueue,
    sealing: ctx.sealing,
    apiClient: apiClient.name,
    workflowId: clientScopedWorkflowId(apiClient.name, input.businessKey),
    startBinding: ctx.startBinding,
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
    sameInput(description.memo, input, apiClient.callbackSecrets)
  );
}
