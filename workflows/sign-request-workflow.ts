import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  makeContinueAsNewFunc,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { CallbackFailure, QueuedCallback } from '../contracts/callback-delivery';
import type { BoxEventNotice, CancelRequest, CreatedSignRequest } from '../contracts/messages';
import type { RedeliverRequest } from '../contracts/callback-feed';
import type { ReissueRequest, ReissuedSigners } from '../contracts/reissue';
import { reissueUpdate } from '../contracts/reissue';
import { redeliverUpdate } from '../contracts/callback-feed';
import type { SignRequestInput } from '../contracts/sign-request-input';
import type { SignRequestResult, SignRequestSnapshot, SignRequestState } from '../contracts/sign-request-state';
import { ErrorType, describeIssues } from '../contracts/errors';
import { cancelReasonProblem } from '../contracts/free-text';
import { boxEventSignal, cancelUpdate, createdUpdate, resendUpdate, statusQuery } from '../contracts/messages';
import { fairnessKeyOf } from '../contracts/sender';
import { DEFAULT_MAX_HISTORY_EVENTS_PER_RUN, resolvePollingPolicy } from '../contracts/sign-request-input';
import { isOutcomeStatus } from '../contracts/sign-request-status';
import { createSignRequest } from './activity-stubs';
import { BoxEventIds } from './box-event-ids';
import type { EventSource } from './callback-events';
import { CompletionCallbacks } from './completion-callbacks';
import type { CreateOutcome } from './create-phase';
import { CreatePhase } from './create-phase';
import { inputVerdict } from './input-verdict';
import { EvidencePhase } from './evidence-phase';
import { deliverWithEvidence } from './evidence-delivery';
import { ActionQueue, assertCancellable, assertResendable } from './operator-actions';
import { recordRequestEnded, recordRequestStarted, recordRequestThrew } from './request-metrics';
import { applySnapshot, buildResult, createdAnswer, initialState, stateSender } from './sign-request-state';
import { SignRequestRun } from './sign-request-run';
import { SignerJourney } from './signer-journey';
import { showState } from './status-memo';
import { answerAcceptedUpdates } from './settle-updates';
import { roundAnswer } from './reissue';
import { assertReissuable, isRetriedReissue } from './reissue-rules';

/** What a run hands to the next one when history is continued as new. */
export interface ContinuedRun {
  state: SignRequestState;
  snapshot: SignRequestSnapshot;
  /** Callback events not delivered yet (absent in runs without a callback, and in runs continued before them). */
  callbacks?: QueuedCallback[];
  /** Box webhook event ids already signalled (absent in runs continued before they were kept). */
  boxEventIds?: string[];
  /** The current round's signers once reissued (the next run's input keeps the start's, which its binding covers). */
  reissued?: ReissuedSigners;
}

/**
 * The life of one verified sign request: validate, create once, follow Box's status until it ends, carrying out
 * cancel/resend updates, the deadline and reminders on the way. History grows with changes only; a long life
 * continues as new with its whole state.
 */
export async function signRequestWorkflow(
  input: SignRequestInput,
  continued?: ContinuedRun,
): Promise<SignRequestResult> {
  if (continued === undefined) recordRequestStarted(input);
  try {
    const result = await followSignRequest(input, continued);
    recordRequestEnded(result);
    return result;
  } catch (err) {
    recordRequestThrew(err);
    throw err;
  }
}

async function followSignRequest(input: SignRequestInput, continued?: ContinuedRun): Promise<SignRequestResult> {
  const state: SignRequestState = continued?.state ?? initialState(input);
  // A reissue replaces the input's signers (every reader of the input sees the current round's); continue-as-new
  // passes the start's input on, and the current signers beside it.
  const startSigners = input?.signers;
  if (continued?.reissued) input.signers = continued.reissued.signers;
  // Runs continued by older code carry a state without these.
  state.result ??= null;
  state.callback ??= null;
  state.sender ??= stateSender(input);
  const cancellableCreate = patched(CANCELLABLE_CREATE_PATCH);
  const journey = new SignerJourney(input, state);
  const actions = new ActionQueue();
  let run: SignRequestRun | undefined;
  let created: SignRequestSnapshot | undefined = continued?.snapshot;
  let createFailure: ApplicationFailure | undefined;
  setHandler(statusQuery, () => state);
  setHandler(createdUpdate, async (): Promise<CreatedSignRequest> => {
    await condition(() => created !== undefined || createFailure !== undefined);
    const snapshot = run?.snapshot ?? created;
    if (snapshot === undefined) throw createFailure as ApplicationFailure;
    return createdAnswer(input, snapshot);
  });
  setHandler(cancelUpdate, (request) => actions.submitCancel(request ?? {}), {
    validator: (request: CancelRequest | undefined) => {
      // Validators do not run on replay: a stricter rule here leaves accepted updates of old histories alone.
      const problem = cancelReasonProblem(request?.reason);
      if (problem !== undefined) {
        throw ApplicationFailure.create({
          type: ErrorType.InvalidSignRequestInput,
          message: problem,
          nonRetryable: true,
        });
      }
      assertCancellable(state, { whileCreating: cancellableCreate, cancelQueued: actions.hasCancel() });
    },
  });
  setHandler(resendUpdate, () => actions.submitResend(), { validator: () => assertResendable(state, Date.now()) });
  setHandler(
    reissueUpdate,
    // A retry of the reissue that made the current round is answered at once once Box has that round; while it is
    // being made, the retry waits in the queue and is answered after it.
    (request) =>
      run && isRetriedReissue(state, request) && state.signRequestId !== null
        ? Promise.resolve(roundAnswer(run))
        : actions.submitReissue(request),
    {
      validator: (request: ReissueRequest) =>
        assertReissuable(state, input, request, { queued: actions.hasCancelOrReissue(), created: run !== undefined }),
    },
  );
  const boxEventIds = new BoxEventIds(continued?.boxEventIds);
  // Bounces signalled before the callbacks are set up (a signal waiting for a new run) are told once they are.
  const earlyBounces: BoxEventNotice[] = [];
  let bounces: ((notice: BoxEventNotice) => void) | null = null;
  setHandler(boxEventSignal, (notice) => {
    // An earlier round's request (cancelled by a reissue) has nothing more to say.
    if (notice.signRequestId !== null && state.previousSignRequestIds?.includes(notice.signRequestId)) return;
    if (!boxEventIds.shouldConfirm(notice)) return;
    // A bounce changes nothing Box's GET shows: told and shown at once, with no call to Box (see tellBounce).
    if (!SignerJourney.isBounce(notice)) actions.noteBoxEvent(notice);
    else if (bounces === null) earlyBounces.push(notice);
    else bounces(notice);
  });

  const polling = resolvePollingPolicy(input?.polling);
  const publishDetails = () => showState(state, polling);
  const callbacks = CompletionCallbacks.forRun(input, state, continued?.callbacks ?? [], publishDetails);
  setHandler(redeliverUpdate, (request) => callbacks!.redeliver(request.seq), {
    validator: (request: RedeliverRequest) => assertRedeliverable(callbacks, request),
  });
  const source = (): EventSource => ({
    input,
    state,
    snapshot: run?.snapshot ?? null,
    workflowId: workflowInfo().workflowId,
  });
  bounces = (notice: BoxEventNotice) => {
    const steps = journey.noteBounce(notice);
    // Runs from before the journey confirmed a bounce with one GET, as any webhook.
    if (steps === null) return actions.noteBoxEvent(notice);
    for (const step of steps) callbacks?.raiseJourneyStep(source(), step);
    if (run) run.publish();
    else publishDetails();
  };
  earlyBounces.splice(0).forEach(bounces);
  /** Decisions, and (in runs that tell the journey) turns and views, raised after every change the loop applied. */
  const raiseSignerEvents = () => callbacks?.raiseSignerEvents(source(), journey.take());
  try {
    let snapshot = continued?.snapshot;
    if (snapshot === undefined) {
      try {
        const creating = cancellableCreate ? new CreatePhase(input, state, actions, publishDetails) : null;
        const outcome = await validateAndCreate(input, state, creating);
        if (outcome.kind === 'stopped') {
          const given = await giveUpCreate(outcome);
          if (given.kind === 'result') {
            createFailure = notCreated('The request was cancelled before Box accepted it.');
            publishDetails();
            if (callbacks) await callbacks.deliverKnownOutcome(source());
            return given.result;
          }
          snapshot = created = given.snapshot;
        } else {
          snapshot = created = outcome.snapshot;
        }
      } catch (err) {
        createFailure = asApplicationFailure(err);
        if (cancellableCreate && !isCancellation(err)) recordFailure(state, createFailure);
        // Lets a waiting `created` update answer with the failure before the workflow closes.
        if (!isCancellation(err)) await condition(allHandlersFinished);
        throw err;
      }
    }
    run = new SignRequestRun(input, state, snapshot, polling, actions);
    run.observe = () => journey.observe();
    run.onReissued = () => callbacks?.raiseReissued(source());
    callbacks?.rememberDecisions(source());
    state.phase = 'waiting';
    journey.observe();
    raiseSignerEvents();
    run.publish();
    const maxEvents = input.maxHistoryEventsPerRun ?? DEFAULT_MAX_HISTORY_EVENTS_PER_RUN;
    while (!run.isFinished()) {
      if (!actions.hasWork() && continueAsNewDue(maxEvents)) {
        callbacks?.hold(true);
        await condition(() => allHandlersFinished() || actions.hasWork());
        if (!actions.hasWork()) {
          // With a feed, its events (memo keys) go with the next run, once each.
          const next = callbacks?.feed.keepsAny()
            ? makeContinueAsNewFunc<typeof signRequestWorkflow>({ memo: callbacks.feed.memo() })
            : continueAsNew<typeof signRequestWorkflow>;
          const reissued = input.signers !== startSigners;
          await next(reissued ? { ...input, signers: startSigners } : input, {
            state: { ...state, run: state.run + 1 },
            snapshot: run.snapshot,
            ...(callbacks ? { callbacks: callbacks.pending() } : {}),
            boxEventIds: boxEventIds.list(),
            ...(reissued ? { reissued: { signers: input.signers } } : {}),
          });
        }
        callbacks?.hold(false);
      }
      await run.step();
      raiseSignerEvents();
    }
    const result = finish(input, state, run.snapshot);
    const evidence = EvidencePhase.begin(input, state, run.snapshot, publishDetails);
    publishDetails();
    // Runs from before evidence-out deliver exactly as they did (no extra await before the updates settle).
    if (evidence) await deliverWithEvidence(evidence, callbacks, source);
    else if (callbacks) await callbacks.deliverKnownOutcome(source());
    return result;
  } catch (err) {
    if (isCancellation(err) && run !== undefined) {
      const cancelling = run;
      // Cancelled in Temporal (Web UI, CLI): the Box request must not outlive the workflow.
      await CancellationScope.nonCancellable(() =>
        cancelling.cancelOnBox({
          by: 'temporal',
          reason: 'workflow cancelled in Temporal',
          at: new Date().toISOString(),
        }),
      );
      await callbacks?.deliverTemporalCancellation(source());
    } else if (isCancellation(err) && cancellableCreate && state.cancellation !== null) {
      // Given up while creating: nothing on Box, but the receiver still hears that the request ended.
      await callbacks?.deliverTemporalCancellation(source());
    }
    const failure = callbackFailure(err);
    if (failure) {
      // Said at once: delivering the failure's callback may take long, and must not hide why the request failed.
      recordFailure(state, failure);
      publishDetails();
    }
    if (callbacks && failure) await callbacks.deliverKnownOutcome(source(), failure);
    // The caller sees the cause (e.g. BoxRequestRejected: …), not "Activity task failed".
    if (cancellableCreate && err instanceof ActivityFailure) throw asApplicationFailure(err);
    throw err;
  } finally {
    await answerAcceptedUpdates(actions, state);
  }

  /**
   * A create given up: the request an attempt had made is cancelled on Box (after an operator's cancel, by the main
   * loop with the cancel still queued), and the workflow ends cancelled, or failed after its createTimeout.
   */
  async function giveUpCreate(
    outcome: CreateOutcome & { kind: 'stopped' },
  ): Promise<{ kind: 'result'; result: SignRequestResult } | { kind: 'run'; snapshot: SignRequestSnapshot }> {
    const at = new Date().toISOString();
    if (outcome.found) applySnapshot(state, outcome.found, at, at, input);
    if (outcome.by === 'operator') {
      if (outcome.found) return { kind: 'run', snapshot: outcome.found };
      const pending = actions.pendingCancelReason();
      state.cancellation = { by: 'operator', reason: pending, at };
      actions.settleCancels({ signRequestId: null, status: 'cancelled' });
      return { kind: 'result', result: finishNeverCreated(input, state) };
    }
    const reason =
      outcome.by === 'temporal'
        ? 'workflow cancelled in Temporal while the create was retrying'
        : `createTimeout ${input.createTimeout} passed while Box kept failing the create`;
    const cancellation = { by: outcome.by, reason, at };
    if (outcome.found) run = new SignRequestRun(input, state, outcome.found, polling, actions);
    // Cancelled in Temporal: the catch below cancels what was found, as for any run.
    if (outcome.by === 'temporal') {
      if (!outcome.found) state.cancellation = cancellation;
      throw outcome.cancellation;
    }
    if (run) await run.cancelOnBox(cancellation);
    else state.cancellation = cancellation;
    throw abandonedCreate(input, state);
  }
}

/**
 * Runs started before this patch created in one activity that could not be cancelled, refused a cancel until Box had
 * the request, and failed with the activity's wrapper as their failure.
 */
const CANCELLABLE_CREATE_PATCH = 'cancellable-create';

/** Update validator: a request with a callback whose feed holds the event (its existence is checked by the handler). */
function assertRedeliverable(callbacks: CompletionCallbacks | null, request: RedeliverRequest): void {
  if (callbacks === null || !callbacks.feed.keepsAny()) {
    throw ApplicationFailure.create({
      type: ErrorType.CallbackEventNotFound,
      message: 'This request keeps no event feed (it has no callback, or it started before the feed existed).',
      nonRetryable: true,
    });
  }
  callbacks.feed.forRedelivery(typeof request?.seq === 'number' ? request.seq : 0);
}

/** A technical failure the receiver hears as sign_request.failed; invalid input and cancellation are not. */
function callbackFailure(err: unknown): CallbackFailure | null {
  if (isCancellation(err)) return null;
  const root = err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause : err;
  if (!(root instanceof ApplicationFailure) || root.type === ErrorType.InvalidSignRequestInput) return null;
  return { type: root.type ?? 'ApplicationFailure', message: root.message };
}

async function validateAndCreate(
  input: SignRequestInput,
  state: SignRequestState,
  creating: CreatePhase | null,
): Promise<CreateOutcome> {
  const issues = await inputVerdict(input);
  if (issues.length > 0) {
    state.phase = 'failed';
    state.failure = `Invalid sign request input: ${describeIssues(issues)}`;
    state.failureType = ErrorType.InvalidSignRequestInput;
    throw ApplicationFailure.create({
      type: ErrorType.InvalidSignRequestInput,
      message: state.failure,
      nonRetryable: true,
      details: [issues],
    });
  }
  state.phase = 'creating';
  const outcome: CreateOutcome = creating
    ? await creating.run()
    : // Runs from before the cancellable create: not cancellable, since once the create is sent its outcome must be
      // known, or a cancelled workflow could leave a request on Box that nobody follows.
      {
        kind: 'created',
        snapshot: await CancellationScope.nonCancellable(() =>
          createSignRequest(fairnessKeyOf(input), { request: input, externalId: workflowInfo().workflowId }),
        ),
      };
  if (outcome.kind === 'created') {
    state.retrying = null;
    const at = new Date().toISOString();
    applySnapshot(state, outcome.snapshot, at, at, input);
  }
  return outcome;
}

/** The failed phase, with the failure's type and message, as the status and the Web UI show it. */
function recordFailure(state: SignRequestState, failure: { type?: string | null; message: string }): void {
  state.phase = 'failed';
  state.failure ??= failure.message;
  state.failureType ??= failure.type ?? null;
  state.retrying = null;
}

function notCreated(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: ErrorType.SignRequestNotCreated, message, nonRetryable: true });
}

/** Cancelled by an operator while Box had not accepted the request: an outcome with no Box request behind it. */
function finishNeverCreated(input: SignRequestInput, state: SignRequestState): SignRequestResult {
  state.phase = 'completed';
  state.outcome = 'cancelled';
  state.retrying = null;
  state.result = {
    businessKey: input.businessKey,
    signRequestId: null,
    outcome: 'cancelled',
    status: 'cancelled',
    signers: input.signers.map(({ email, role, order }) => ({
      email,
      role: role ?? 'signer',
      order: order ?? 0,
      decision: null,
      decidedAt: null,
      decisionNote: null,
    })),
    signedFileIds: [],
    signingLogFileId: null,
    prepareUrl: null,
    finishedAt: null,
    cancellation: state.cancellation,
    callback: null,
  };
  return state.result;
}

/** The createTimeout passed: what was tried, the last error, and what became of a request Box had after all. */
function abandonedCreate(input: SignRequestInput, state: SignRequestState): ApplicationFailure {
  const retrying = state.retrying;
  const tried = retrying
    ? ` after ${retrying.attempts} attempts (last error ${retrying.lastErrorType ?? 'unknown'}: ${retrying.lastErrorMessage ?? ''})`
    : '';
  const onBox = state.signRequestId
    ? `the request an attempt had created (${state.signRequestId}) was cancelled on Box`
    : 'no request was created on Box';
  const message = `Box kept failing the create for ${input.createTimeout}${tried}; ${onBox}`;
  state.failure = message;
  state.failureType = ErrorType.BoxCreateAbandoned;
  return ApplicationFailure.create({ type: ErrorType.BoxCreateAbandoned, message, nonRetryable: true });
}

/** The failure a caller should see: the activity's own failure (e.g. BoxRequestRejected), not its wrapper. */
function asApplicationFailure(err: unknown): ApplicationFailure {
  const failure = err instanceof ActivityFailure ? err.cause : err;
  if (failure instanceof ApplicationFailure) {
    return ApplicationFailure.create({ type: failure.type ?? undefined, message: failure.message, nonRetryable: true });
  }
  const message = failure instanceof Error ? failure.message : String(failure);
  return ApplicationFailure.create({ type: ErrorType.SignRequestNotCreated, message, nonRetryable: true });
}

function continueAsNewDue(maxEvents: number): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength >= maxEvents;
}

function finish(input: SignRequestInput, state: SignRequestState, snapshot: SignRequestSnapshot): SignRequestResult {
  const status = snapshot.status;
  if (!isOutcomeStatus(status)) {
    state.phase = 'failed';
    state.failure = `Box sign request ${snapshot.signRequestId} ended in status ${status}${
      snapshot.errorCode ? ` (error_code ${snapshot.errorCode})` : ''
    }: Box needs a new request`;
    throw ApplicationFailure.create({
      type: ErrorType.BoxSignRequestFailed,
      message: state.failure,
      nonRetryable: true,
      details: [{ signRequestId: snapshot.signRequestId, status, errorCode: snapshot.errorCode }],
    });
  }
  state.phase = 'completed';
  state.outcome = status;
  state.result = buildResult(input, snapshot, status, state.cancellation);
  return state.result;
}
