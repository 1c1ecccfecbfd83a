import { ApplicationFailure, isCancellation, log, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { SignRequestActivities } from '../activities';
import type { ReissueRequest, ReissueResult } from '../contracts/reissue';
import type { SignRequestInput } from '../contracts/sign-request-input';
import type { SignRequestSnapshot, SignRequestState } from '../contracts/sign-request-state';
import { ErrorType, describeIssues } from '../contracts/errors';
import { ACTIVITY_PRIORITY, fairnessKeyOf, senderOf } from '../contracts/sender';
import { cancelSignRequest } from './activity-stubs';
import { CreatePhase } from './create-phase';
import type { ActionQueue } from './operator-actions';
import { reissuePatched } from './reissue-patch';
import { assertReissuable, currentRound, isRetriedReissue } from './reissue-rules';
import { applySnapshot, createdAnswer } from './sign-request-state';

/** What a reissue needs of the run that carries it out (workflows/sign-request-run.ts). */
export interface ReissuingRun {
  readonly input: SignRequestInput;
  readonly state: SignRequestState;
  snapshot: SignRequestSnapshot;
  readonly actions: ActionQueue;
  /** Publishes the state (memo, Web UI; the search attributes too when `idChanged`). */
  publish(idChanged?: boolean): void;
  /** Records what the new round's first view shows (the journey: whose turn it is). */
  observe: () => void;
  /** Told once the new round exists (the sign_request.reissued callback event). */
  onReissued: () => void;
}

/**
 * The reissue check runs before anything changes on Box: the corrected input's verdict (zod, outside the sandbox) and
 * the API's binding for this round. Quick retries: it reads Temporal only.
 */
const { checkReissue } = proxyActivities<Pick<SignRequestActivities, 'checkReissue'>>({
  startToCloseTimeout: '30s',
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '30s',
    maximumAttempts: 5,
    nonRetryableErrorTypes: [ErrorType.UnboundApiClientStart, ErrorType.SenderNotAllowed],
  },
  priority: { priorityKey: ACTIVITY_PRIORITY.operatorAction },
  summary: 'Check a reissue before it cancels anything on Box',
});

/**
 * Correct and reissue, carried out by the main loop like every Box mutation: check the corrected signers and the
 * API's binding, cancel the current Box request, create the new one (the same create path, adoption included, under
 * the round's own external_id) with the signers sealed as at a start, and follow it from there. A retry of the same
 * reissue answers with the round it made.
 */
export async function carryOutReissue(run: ReissuingRun, request: ReissueRequest): Promise<ReissueResult> {
  const { state, input } = run;
  if (isRetriedReissue(state, request)) return roundAnswer(run);
  if (!reissuePatched()) {
    throw ApplicationFailure.create({
      type: ErrorType.SignRequestNotReissuable,
      message: 'This request cannot be reissued.',
      nonRetryable: true,
    });
  }
  // Things may have changed since the update was accepted (a signature): checked again before acting.
  assertReissuable(state, input, request, { queued: false, created: true });
  const corrected: SignRequestInput = { ...input, signers: request.signers };
  const issues = await checkReissue({
    request: corrected,
    round: request.round,
    ...(request.binding === undefined ? {} : { binding: request.binding }),
    startedAtMs: workflowInfo().startTime.getTime(),
  });
  if (issues.length > 0) {
    throw ApplicationFailure.create({
      type: ErrorType.InvalidSignRequestInput,
      message: `Invalid reissue: ${describeIssues(issues)}`,
      nonRetryable: true,
      details: [issues],
    });
  }
  const previous = run.snapshot;
  const cancelled = await cancelSignRequest(fairnessKeyOf(input), {
    signRequestId: previous.signRequestId,
    reason: 'Reissued with corrected signers',
    ...sentAs(input),
  });
  log.info('Sign request cancelled on Box for a reissue', { signRequestId: cancelled.signRequestId });
  beginRound(state, input, request, previous.signRequestId);
  run.snapshot = cancelled;
  run.publish();
  let created: SignRequestSnapshot | null;
  try {
    created = await createRound(run, request);
  } catch (err) {
    if (isCancellation(err)) throw err;
    throw endedWithoutRound(run, cancelled, `Box refused the reissued create (${causeOf(err)})`);
  }
  if (created === null) {
    throw endedWithoutRound(run, cancelled, `Box kept failing the reissued create for ${input.createTimeout}`);
  }
  const at = new Date().toISOString();
  state.retrying = null;
  run.snapshot = created;
  state.phase = 'waiting';
  applySnapshot(state, created, at, at, input);
  run.observe();
  run.publish(true);
  run.onReissued();
  log.info('Sign request reissued', { round: state.round, signRequestId: created.signRequestId });
  return roundAnswer(run);
}

/** The input takes the corrected signers; what belonged to the old Box request is left behind. */
function beginRound(state: SignRequestState, input: SignRequestInput, request: ReissueRequest, oldId: string): void {
  input.signers = request.signers;
  state.previousSignRequestIds = [...(state.previousSignRequestIds ?? []), oldId];
  state.round = request.round;
  state.reissueDigest = request.digest;
  state.phase = 'creating';
  state.signRequestId = null;
  state.boxStatus = null;
  state.signers = [];
  state.prepareUrl = null;
  state.sentAt = null;
  state.resends.nextAllowedAt = null;
  state.problem = null;
  // The new request invites and is viewed anew: told again, under the round's own webhook-ids (signer-journey.ts).
  if (state.journey) state.journey = { ...state.journey, invited: [], viewed: [] };
}

/** The new round's create; null when given up (createTimeout) with nothing on Box. */
async function createRound(run: ReissuingRun, request: ReissueRequest): Promise<SignRequestSnapshot | null> {
  const round = { round: request.round, ...(request.binding === undefined ? {} : { binding: request.binding }) };
  const creating = new CreatePhase(run.input, run.state, run.actions, () => run.publish(), round);
  const outcome = await creating.run();
  if (outcome.kind === 'created') return outcome.snapshot;
  if (outcome.found) return outcome.found;
  if (outcome.by === 'temporal') throw outcome.cancellation;
  return null;
}

/**
 * The old request is cancelled and no new one exists: the request ends cancelled (the loop sees the cancelled
 * snapshot), and the reissue is answered with why. Not BoxRequestRejected: that would send the loop to look at Box.
 */
function endedWithoutRound(run: ReissuingRun, cancelled: SignRequestSnapshot, why: string): ApplicationFailure {
  const { state, input } = run;
  const at = new Date().toISOString();
  state.retrying = null;
  applySnapshot(state, cancelled, at, at, input);
  state.cancellation = { by: 'operator', reason: `${why}; the earlier request stays cancelled`, at };
  run.publish(true);
  return ApplicationFailure.create({
    type: ErrorType.SignRequestNotCreated,
    message: `${why}; the earlier request was cancelled, so the request ended cancelled.`,
    nonRetryable: true,
  });
}

function causeOf(err: unknown): string {
  let current: unknown = err;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  if (current instanceof ApplicationFailure) return `${current.type ?? 'ApplicationFailure'}: ${current.message}`;
  return current instanceof Error ? current.message : String(current);
}

/** The answer for the current round (a reissue carried out, or a retry of it). */
export function roundAnswer(run: ReissuingRun): ReissueResult {
  const { state, snapshot, input } = run;
  const created = createdAnswer(input, snapshot);
  return {
    signRequestId: created.signRequestId,
    status: created.status,
    round: currentRound(state),
    previousSignRequestIds: state.previousSignRequestIds ?? [],
    prepareUrl: created.prepareUrl,
    signers: created.signers,
  };
}

function sentAs(input: SignRequestInput): { sender?: string } {
  const sender = senderOf(input);
  return sender === undefined ? {} : { sender };
}
