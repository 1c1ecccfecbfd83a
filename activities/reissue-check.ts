import type { SignRequestInput, ValidationIssue } from '../contracts';
import { validateSignRequestInput } from '../contracts';
import { REISSUE_PURPOSE, startBindingProblem } from '../encryption/start-binding';
import { assertSenderAllowed } from './sender-allowed';
import type { StartTrust } from './start-binding-check';
import { describeOwnWorkflow, ownExecution, unbound } from './start-binding-check';

/** A reissue as the worker checks it: the corrected input in full, the round it creates and the API's binding. */
export interface ReissueCheckInput {
  request: SignRequestInput;
  round: number;
  binding?: unknown;
  /** Workflow start time (epoch ms): the input's time rules (deadline) are judged as at the start. */
  startedAtMs: number;
}

/**
 * Before a reissue cancels anything on Box: the corrected input's issues (none when valid), and, for a request an API
 * client owns, the proof that the client asked for exactly these signers for exactly this round (UnboundApiClientStart
 * otherwise). Nothing on the queue can reissue in a client's name.
 */
export async function checkReissue(
  trust: StartTrust | undefined,
  allowedSenders: readonly string[],
  { request, round, binding, startedAtMs }: ReissueCheckInput,
): Promise<ValidationIssue[]> {
  const issues = validateSignRequestInput(request, { now: new Date(startedAtMs) });
  if (issues.length > 0) return issues;
  if (trust !== undefined) await assertReissueBound(trust, request, { round, binding }, allowedSenders);
  return [];
}

/** The reissue's binding verifies for this workflow, its client, this round and these signers (sealed, as received). */
export async function assertReissueBound(
  trust: StartTrust,
  request: SignRequestInput,
  reissue: { round: number; binding?: unknown },
  allowedSenders: readonly string[],
): Promise<void> {
  const own = await describeOwnWorkflow();
  if (own.apiClient === undefined) return;
  const { workflowId } = ownExecution();
  const problem = startBindingProblem(
    trust.keys,
    reissue.binding,
    { workflowId, client: own.apiClient, input: { round: reissue.round, signers: request.signers } },
    REISSUE_PURPOSE,
  );
  if (problem !== null) throw unbound(own.apiClient, problem.replace('start binding', 'reissue binding'));
  const listed = trust.sendersOf?.(own.apiClient);
  if (listed === undefined) return;
  if (!listed.known) throw unbound(own.apiClient, "the worker's API clients file does not list that client");
  assertSenderAllowed(request, { deployment: allowedSenders, apiClient: listed.senders });
}
