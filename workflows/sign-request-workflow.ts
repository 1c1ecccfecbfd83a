import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type {
  CallbackFailure,
  CancelRequest,
  QueuedCallback,
  CreatedSignRequest,
  SignRequestInput,
  SignRequestResult,
  SignRequestSnapshot,
  SignRequestState,
} from '../contracts';
import {
  DEFAULT_MAX_HISTORY_EVENTS_PER_RUN,
  ErrorType,
  boxEventSignal,
  cancelUpdate,
  createdUpdate,
  describeIssues,
  isOutcomeStatus,
  resendUpdate,
  resolvePollingPolicy,
  statusQuery,
  validateSignRequestInput,
  validateSignRequestInputLegacy,
} from '../contracts';
import { createSignRequest } from './activity-stubs';
import type { EventSource } from './callback-events';
import { CompletionCallbacks } from './completion-callbacks';
import { currentDetails } from './current-details';
import { ActionQueue, assertCancellable, assertResendable } from './operator-actions';
import { applySnapshot, buildResult, createdAnswer, initialState } from './sign-request-state';
import { SignRequestRun } from './sign-request-run';

/** What a run hands to the next one when history is continued as new. */
export interface ContinuedRun {
  state: SignRequestState;
  snapshot: SignRequestSnapshot;
  /** Callback events not delivered yet (absent in runs without a callback, and in runs continued before them). */
  callbacks?: QueuedCallback[];
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
  const state: SignRequestState = continued?.state ?? initialState(input);
  // Runs continued by older code carry a state without these.
  state.result ??= null;
  state.callback ??= null;
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
      if (request?.reason !== undefined && typeof request.reason !== 'string')
        throw new Error('reason must be a string');
      assertCancellable(state);
    },
  });
  setHandler(resendUpdate, () => actions.submitResend(), { validator: () => assertResendable(state, Date.now()) });
  setHandler(boxEventSignal, (notice) => actions.noteBoxEvent(notice));

  const polling = resolvePollingPolicy(input?.polling);
  const callbacks = CompletionCallbacks.forRun(input, state, continued?.callbacks ?? [], () =>
    setCurrentDetails(currentDetails(state, polling)),
  );
  const source = (): EventSource => ({
    input,
    state,
    snapshot: run?.snapshot ?? null,
    workflowId: workflowInfo().workflowId,
  });
  try {
    let snapshot = continued?.snapshot;
    if (snapshot === undefined) {
      try {
        snapshot = created = await validateAndCreate(input, state);
      } catch (err) {
        createFailure = asApplicationFailure(err);
        // Lets a waiting `created` update answer with the failure before the workflow closes.
        if (!isCancellation(err)) await condition(allHandlersFinished);
        throw err;
      }
    }
    run = new SignRequestRun(input, state, snapshot, polling, actions);
    callbacks?.rememberDecisions(source());
    state.phase = 'waiting';
    run.publish();
    const maxEvents = input.maxHistoryEventsPerRun ?? DEFAULT_MAX_HISTORY_EVENTS_PER_RUN;
    while (!run.isFinished()) {
      if (!actions.hasWork() && continueAsNewDue(maxEvents)) {
        callbacks?.hold(true);
        await condition(() => allHandlersFinished() || actions.hasWork());
        if (!actions.hasWork()) {
          await continueAsNew<typeof signRequestWorkflow>(input, {
            state: { ...state, run: state.run + 1 },
            snapshot: run.snapshot,
            ...(callbacks ? { callbacks: callbacks.pending() } : {}),
          });
        }
        callbacks?.hold(false);
      }
      await run.step();
      callbacks?.raiseSignerEvents(source());
    }
    const result = finish(input, state, run.snapshot);
    if (callbacks) await callbacks.deliverOutcome(source());
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
    }
    const failure = callbackFailure(err);
    if (failure) {
      // Said at once: delivering the failure's callback may take long, and must not hide why the request failed.
      state.phase = 'failed';
      state.failure ??= failure.message;
      state.failureType = failure.type;
    }
    if (callbacks && failure) await callbacks.deliverOutcome(source(), failure);
    throw err;
  }
}

/**
 * Runs started before this patch validated with the legacy rules; the strict ones would reject some inputs those
 * runs accepted (a `/` in the business key, unknown fields…), so replaying them must keep the legacy verdict.
 */
const STRICT_INPUT_SCHEMA_PATCH = 'strict-input-schema';

/** A technical failure the receiver hears as sign_request.failed; invalid input and cancellation are not. */
function callbackFailure(err: unknown): CallbackFailure | null {
  if (isCancellation(err)) return null;
  const root = err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause : err;
  if (!(root instanceof ApplicationFailure) || root.type === ErrorType.InvalidSignRequestInput) return null;
  return { type: root.type ?? 'ApplicationFailure', message: root.message };
}

async function validateAndCreate(input: SignRequestInput, state: SignRequestState): Promise<SignRequestSnapshot> {
  const issues = patched(STRICT_INPUT_SCHEMA_PATCH)
    ? validateSignRequestInput(input, { now: workflowInfo().startTime })
    : validateSignRequestInputLegacy(input);
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
  // Not cancellable: once the create is sent, its outcome must be known, or a cancelled workflow could leave
  // a request on Box that nobody follows.
  const snapshot = await CancellationScope.nonCancellable(() =>
    createSignRequest({ request: input, externalId: workflowInfo().workflowId }),
  );
  applySnapshot(state, snapshot, new Date().toISOString());
  return snapshot;
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
