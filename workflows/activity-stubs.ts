import type { ActivityOptions } from '@temporalio/workflow';
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { SignRequestActivities } from '../activities';
import type { DeliverCallbackInput, DeliveredCallback } from '../contracts/callback-delivery';
import type { PollingPolicy } from '../contracts/sign-request-input';
import { boxWritesTaskQueue } from '../contracts/box-limits';
import { CALLBACK_RETRY } from '../contracts/callback-delivery';
import { callbackFairnessKey, callbacksTaskQueue } from '../contracts/callbacks-task-queue';
import { ErrorType } from '../contracts/errors';
import { ACTIVITY_PRIORITY } from '../contracts/sender';

/**
 * Every activity's timeouts and retries, with the reason for each. Box errors that may heal (network, 429,
 * 5xx) are BoxUnavailable and retried; BoxRequestRejected (other 4xx) never is.
 *
 * Every Box activity of a request takes the request's fairness key (its sender, contracts/sender.ts): the task
 * queues' per-key rate limit (quotas/) holds each sender inside its own Box quota. The priority key orders the whole
 * queue first (fairness between senders applies within one priority level; contracts/sender.ts). Priority is not part
 * of Temporal's determinism check: changing it replays old histories.
 */

type PriorityKey = (typeof ACTIVITY_PRIORITY)[keyof typeof ACTIVITY_PRIORITY];

/** The activities with these options, carrying the request's fairness key and this call's priority. */
function prioritized(options: ActivityOptions, fairnessKey: string, priorityKey: PriorityKey) {
  return proxyActivities<SignRequestActivities>({ ...options, priority: { fairnessKey, priorityKey } });
}

/** A stub: the activity's own arguments after the request's fairness key. */
type Stub<K extends keyof SignRequestActivities> = (
  fairnessKey: string,
  ...args: Parameters<SignRequestActivities[K]>
) => ReturnType<SignRequestActivities[K]>;

/**
 * Create and resend count against Box's 100-per-minute limit, so they run on the writes queue, whose per-sender
 * dispatch rate Temporal holds (quotas/). Built per call: the queue derives from this workflow's own.
 */
function onWritesQueue(options: ActivityOptions): ActivityOptions {
  return { ...options, taskQueue: boxWritesTaskQueue(workflowInfo().taskQueue) };
}

/**
 * Crashes and timeouts. Box calls heartbeat while in flight (activities/heartbeating.ts), so an attempt lost with a
 * killed worker times out after `heartbeatTimeout`, and this schedule brings it back within seconds. It applies to
 * timeouts only: every failure an activity throws sets its own nextRetryDelay (box-failure.ts, the poll cadence).
 */
const HEARTBEAT_TIMEOUT = '10s';
const AFTER_TIMEOUT_RETRY = { initialInterval: 1_000, backoffCoefficient: 2, maximumInterval: 5_000 } as const;

/**
 * Create and the reconcile's find may read many pages of Box's list: the adoption look-up scans back to the create's
 * start however long the list (activities/find-by-external-id.ts). 5 min fits 30 pages of 1000 at 10 s each; a lost
 * worker is still noticed within seconds, by the heartbeat.
 */
const LOOKUP_START_TO_CLOSE = '5m';

/**
 * Create: retried for as long as Box is unavailable, because a request Box may already have accepted must never
 * be abandoned; the activity adopts an earlier attempt's request (external_id), so retries cannot duplicate it.
 * Box failures set their own delay (activities/box-failure.ts); this schedule is for timeouts and crashed workers.
 */
const createOptions: ActivityOptions = {
  startToCloseTimeout: LOOKUP_START_TO_CLOSE,
  heartbeatTimeout: HEARTBEAT_TIMEOUT,
  retry: {
    ...AFTER_TIMEOUT_RETRY,
    nonRetryableErrorTypes: [ErrorType.BoxRequestRejected, ErrorType.InvalidSignRequestInput],
  },
  summary: 'Create the Box sign request',
};

export const createSignRequest: Stub<'createSignRequest'> = (fairnessKey, input) =>
  prioritized(onWritesQueue(createOptions), fairnessKey, ACTIVITY_PRIORITY.default).createSignRequest(input);

/**
 * Attempts per round of a create: between rounds the workflow records what goes wrong (the Web UI's current details,
 * the status) and checks whether the create should be given up. Few enough that what it shows is at most a few
 * attempts old.
 */
export const CREATE_ATTEMPTS_PER_ROUND = 5;

/**
 * One round of the create: the same retries as above, at most CREATE_ATTEMPTS_PER_ROUND of them. Cancelling it waits
 * for the attempt in flight to finish, so that what the reconcile then finds on Box is all there is.
 */
const createRoundOptions: ActivityOptions = {
  ...createOptions,
  retry: { ...createOptions.retry, maximumAttempts: CREATE_ATTEMPTS_PER_ROUND },
  cancellationType: 'WAIT_CANCELLATION_COMPLETED',
};

export const createSignRequestRound: Stub<'createSignRequest'> = (fairnessKey, input) =>
  prioritized(onWritesQueue(createRoundOptions), fairnessKey, ACTIVITY_PRIORITY.default).createSignRequest(input);

/**
 * Since `create-retries-first` (workflows/create-phase.ts): the first attempt alone, at the default priority, behind
 * the sender's other new creates; every later round at ACTIVITY_PRIORITY.retriedCreate, ahead of them. Temporal
 * keeps an activity's priority for all its retries, and a retry is queued as a new task at the back of its level:
 * in one activity, an attempt lost with a crashed worker waited behind its own sender's whole backlog (61 s in
 * `npm run chaos`).
 */
export const CREATE_FIRST_ROUND_ATTEMPTS = 1;

const createFirstAttemptOptions: ActivityOptions = {
  ...createRoundOptions,
  retry: { ...createRoundOptions.retry, maximumAttempts: CREATE_FIRST_ROUND_ATTEMPTS },
};

export const createSignRequestFirstAttempt: Stub<'createSignRequest'> = (fairnessKey, input) =>
  prioritized(onWritesQueue(createFirstAttemptOptions), fairnessKey, ACTIVITY_PRIORITY.default).createSignRequest(
    input,
  );

export const createSignRequestRetryRound: Stub<'createSignRequest'> = (fairnessKey, input) =>
  prioritized(onWritesQueue(createRoundOptions), fairnessKey, ACTIVITY_PRIORITY.retriedCreate).createSignRequest(input);

/**
 * The reconcile of a create given up: retried for as long as Box is unavailable, since until Box answers nobody
 * knows whether a request exists that must be cancelled.
 */
const findOptions: ActivityOptions = {
  startToCloseTimeout: LOOKUP_START_TO_CLOSE,
  heartbeatTimeout: HEARTBEAT_TIMEOUT,
  retry: { ...createOptions.retry, nonRetryableErrorTypes: [ErrorType.BoxRequestRejected] },
  summary: 'Look for a request the create may have made',
};

export const findSignRequest: Stub<'findSignRequest'> = (fairnessKey, input) =>
  prioritized(findOptions, fairnessKey, ACTIVITY_PRIORITY.default).findSignRequest(input);

/** Operator actions: a few quick retries, then the failure goes back to the operator who asked. */
export const OPERATOR_ACTION_ATTEMPTS = 5;

const operatorAction: ActivityOptions = {
  startToCloseTimeout: '1m',
  heartbeatTimeout: HEARTBEAT_TIMEOUT,
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '30s',
    maximumAttempts: OPERATOR_ACTION_ATTEMPTS,
    nonRetryableErrorTypes: [ErrorType.BoxRequestRejected],
  },
};

/**
 * The GET that confirms a webhook: quick retries if Box is unavailable, else the next poll catches up. The highest
 * priority, so that a backlog of the sender's polls never delays the news of a signature.
 */
const confirmOptions: ActivityOptions = { ...operatorAction, summary: 'Confirm a Box webhook with one GET' };

export const fetchSignRequest: Stub<'fetchSignRequest'> = (fairnessKey, input) =>
  prioritized(confirmOptions, fairnessKey, ACTIVITY_PRIORITY.confirmWebhook).fetchSignRequest(input);

/** A GET before acting on the request (a cancel accepted while converting), with an operator action's priority. */
const lookUpOptions: ActivityOptions = { ...operatorAction, summary: 'Look at the sign request on Box' };

export const lookUpSignRequest: Stub<'fetchSignRequest'> = (fairnessKey, input) =>
  prioritized(lookUpOptions, fairnessKey, ACTIVITY_PRIORITY.operatorAction).fetchSignRequest(input);

const cancelOptions: ActivityOptions = { ...operatorAction, summary: 'Cancel the Box sign request' };

export const cancelSignRequest: Stub<'cancelSignRequest'> = (fairnessKey, input) =>
  prioritized(cancelOptions, fairnessKey, ACTIVITY_PRIORITY.operatorAction).cancelSignRequest(input);

const resendOptions: ActivityOptions = { ...operatorAction, summary: 'Resend to outstanding signers' };

export const resendSignRequest: Stub<'resendSignRequest'> = (fairnessKey, input) =>
  prioritized(onWritesQueue(resendOptions), fairnessKey, ACTIVITY_PRIORITY.operatorAction).resendSignRequest(input);

/**
 * Polling lives in this activity's retries: one GET per attempt, `nextRetryDelay` sets the cadence, and only a
 * change completes it, so waiting adds no history. TRY_CANCEL: a poll is read-only, so the workflow need not
 * wait for an attempt in flight when an operator action or a timer interrupts it. The lowest priority: a backstop.
 */
export function statusPoller(polling: PollingPolicy, fairnessKey: string) {
  const options: ActivityOptions = {
    startToCloseTimeout: '1m',
    heartbeatTimeout: HEARTBEAT_TIMEOUT,
    cancellationType: 'TRY_CANCEL',
    // Not the cadence (every unchanged check sets nextRetryDelay itself): after a timeout, retry within seconds, and
    // never later than the cadence's own interval would.
    retry: {
      initialInterval: Math.min(polling.initialIntervalMs, AFTER_TIMEOUT_RETRY.initialInterval),
      backoffCoefficient: AFTER_TIMEOUT_RETRY.backoffCoefficient,
      maximumInterval: Math.min(polling.maximumIntervalMs, AFTER_TIMEOUT_RETRY.maximumInterval),
      nonRetryableErrorTypes: [ErrorType.BoxRequestRejected],
    },
    summary: 'Wait for the sign request to change',
  };
  return prioritized(options, fairnessKey, ACTIVITY_PRIORITY.backstopPoll).awaitStatusChange;
}

/**
 * One completion-callback event: retried with exponential back-off until the receiver accepts it or the 72 h window
 * (counted from the first attempt, across continue-as-new) closes. A rejection (4xx other than 408/429, a redirect),
 * a refused URL or a missing secret stops it at once. TRY_CANCEL: a Temporal cancellation need not wait for a POST.
 */
export function deliverCallback(input: DeliverCallbackInput, windowLeftMs: number): Promise<DeliveredCallback> {
  const options: ActivityOptions = {
    startToCloseTimeout: CALLBACK_RETRY.attemptTimeoutMs + 5_000,
    scheduleToCloseTimeout: Math.max(1_000, windowLeftMs),
    cancellationType: 'TRY_CANCEL',
    retry: {
      initialInterval: CALLBACK_RETRY.initialIntervalMs,
      backoffCoefficient: CALLBACK_RETRY.backoffCoefficient,
      maximumInterval: CALLBACK_RETRY.maximumIntervalMs,
      nonRetryableErrorTypes: [
        ErrorType.CallbackRejected,
        ErrorType.CallbackUrlRefused,
        ErrorType.CallbackSecretMissing,
      ],
    },
    summary: `Deliver the ${input.event.type} callback`,
  };
  // Their own queue and slots, fair between API clients (contracts/callbacks-task-queue.ts). The task queue is not
  // part of Temporal's determinism check: deliveries scheduled on the main queue before replay as they were.
  const onCallbacksQueue = { ...options, taskQueue: callbacksTaskQueue(workflowInfo().taskQueue) };
  return prioritized(onCallbacksQueue, callbackFairnessKey(input.apiClient), ACTIVITY_PRIORITY.default).deliverCallback(
    input,
  );
}

/**
 * A finished request's evidence: retried until collected or the give-up window closes. "Not ready" (Box finalizing,
 * a 202), Box errors and unexpected ones set their own nextRetryDelay (classify-failure.ts); this schedule is for
 * timeouts and crashed workers only, so it is the others' (AFTER_TIMEOUT_RETRY): until 7 Dec 2026 it grew to 5
 * minutes with the attempt count, and an attempt lost with a killed worker after a few Box errors waited 40 s and more
 * (`npm run chaos`). The heartbeat carries what is hashed already across attempts; a stalled download is noticed by it.
 */
export function evidenceCollector(fairnessKey: string, giveUpAfterMs: number) {
  const options: ActivityOptions = {
    startToCloseTimeout: '30m',
    heartbeatTimeout: HEARTBEAT_TIMEOUT,
    scheduleToCloseTimeout: giveUpAfterMs,
    retry: { ...AFTER_TIMEOUT_RETRY, nonRetryableErrorTypes: [ErrorType.BoxRequestRejected] },
    summary: 'Collect the evidence (hash the signed documents and the signing log)',
  };
  return prioritized(options, fairnessKey, ACTIVITY_PRIORITY.default).collectEvidence;
}
