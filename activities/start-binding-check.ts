import { Context, activityInfo } from '@temporalio/activity';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { SignRequestInput } from '../contracts';
import { ApiClient, ErrorType } from '../contracts';
import { assertSenderAllowed } from './sender-allowed';
import type { StartBindingKeys } from '../encryption/start-binding';
import { START_BINDING_MEMO_KEY, startBindingProblem } from '../encryption/start-binding';

/** What the worker knows to tell a start the API bound to its client from one that only names the client. */
export interface StartTrust {
  /** The binding keys (BOX_SIGN_START_BINDING_KEYS, or derived from the payload keys); null: none held. */
  keys: StartBindingKeys | null;
  /**
   * A client's own `senders` from the worker's API clients file: `undefined` when the worker has no such file (then
   * the binding, made after the API checked them, is the proof); `{ known: false }` for a client it does not list.
   */
  sendersOf?: (client: string) => { known: boolean; senders?: readonly string[] } | undefined;
  /** BOX_SIGN_UNBOUND_API_STARTS_BEFORE (epoch ms): API starts from before start binding stay trusted. */
  unboundStartsBeforeMs?: number | null;
}

export interface OwnWorkflow {
  apiClient: string | undefined;
  binding: unknown;
  startedAtMs: number;
}

export function ownExecution(): { workflowId: string; runId: string } {
  const execution = activityInfo().workflowExecution;
  if (execution === undefined) throw new Error('a start binding is checked only in a workflow’s activity');
  return execution;
}

/** The running activity's workflow as Temporal recorded its start: search attributes and memo cannot be altered. */
export async function describeOwnWorkflow(): Promise<OwnWorkflow> {
  const { workflowId, runId } = ownExecution();
  const description = await Context.current().client.workflow.getHandle(workflowId, runId).describe();
  return {
    apiClient: description.typedSearchAttributes.get(ApiClient),
    binding: description.memo?.[START_BINDING_MEMO_KEY],
    startedAtMs: description.startTime.getTime(),
  };
}

/**
 * Before the create sends anything to Box: a request that names an API client must carry that client's start binding
 * for this workflow id, this very input and about this start time, and name only a sender that client may use.
 */
export async function assertStartBound(
  trust: StartTrust,
  request: SignRequestInput,
  allowedSenders: readonly string[],
): Promise<void> {
  const own = await describeOwnWorkflow();
  if (own.apiClient === undefined) return;
  const { workflowId } = ownExecution();
  if (!grandfathered(trust, own)) {
    const problem = startBindingProblem(trust.keys, own.binding, {
      workflowId,
      client: own.apiClient,
      input: request,
      startedAtMs: own.startedAtMs,
    });
    if (problem !== null) throw unbound(own.apiClient, problem);
  }
  const listed = trust.sendersOf?.(own.apiClient);
  if (listed === undefined) return;
  if (!listed.known) throw unbound(own.apiClient, "the worker's API clients file does not list that client");
  assertSenderAllowed(request, { deployment: allowedSenders, apiClient: listed.senders });
}

/**
 * Before a callback is signed with `apiClient`'s secret: the same proof the create checked — the workflow's start
 * binding is that client's, for this workflow id, for the input the run was started with (continue-as-new passes it
 * on unchanged) and issued about when the request's first run started (unchecked once that run has left Temporal's
 * retention). So a start refused at create, or cancelled before its create ran, signs nothing either.
 */
export async function startBindingProblemForCallback(trust: StartTrust, apiClient: string): Promise<string | null> {
  const own = await describeOwnWorkflow();
  if (own.apiClient !== apiClient) return 'the callback names a client the workflow was not started for';
  if (grandfathered(trust, own)) return null;
  const { workflowId } = ownExecution();
  const started = await startedWith(own);
  return startBindingProblem(trust.keys, own.binding, {
    workflowId,
    client: apiClient,
    input: started.input,
    ...(started.firstStartedAtMs === undefined ? {} : { startedAtMs: started.firstStartedAtMs }),
  });
}

/** The input this run was started with (its first history event) and when the request's first run started. */
async function startedWith(own: OwnWorkflow): Promise<{ input: unknown; firstStartedAtMs?: number }> {
  const client = Context.current().client;
  const { workflowId, runId } = ownExecution();
  const { history } = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId, runId },
    maximumPageSize: 1,
  });
  const attributes = history?.events?.[0]?.workflowExecutionStartedEventAttributes;
  const input = await decodeFromPayloadsAtIndex(client.options.loadedDataConverter, 0, attributes?.input?.payloads);
  const firstRunId = attributes?.firstExecutionRunId;
  if (!firstRunId || firstRunId === runId) return { input, firstStartedAtMs: own.startedAtMs };
  try {
    const first = await client.workflow.getHandle(workflowId, firstRunId).describe();
    return { input, firstStartedAtMs: first.startTime.getTime() };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return { input };
    throw err;
  }
}

function grandfathered(trust: StartTrust, own: OwnWorkflow): boolean {
  const before = trust.unboundStartsBeforeMs;
  return before !== undefined && before !== null && own.binding === undefined && own.startedAtMs < before;
}

export function unbound(apiClient: string, problem: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: ErrorType.UnboundApiClientStart,
    message:
      `Refused before any Box call: the request names API client '${apiClient}' but ${problem}. Only the HTTP API ` +
      'and the worker’s Nexus service start requests in a client’s name (docs/security.md).',
    nonRetryable: true,
  });
}
