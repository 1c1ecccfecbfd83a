import type { ActivityOptions } from '@temporalio/workflow';
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { SignRequestActivities } from '../activities';
import type { DeliverCallbackInput, DeliveredCallback, PollingPolicy } from '../contracts';
import { CALLBACK_RETRY, ErrorType, boxWritesTaskQueue } from '../contracts';

/**
 * Every activity's timeouts and retries, with the reason for each. Box errors that may heal (network, 429,
 * 5xx) are BoxUnavailable and retried; BoxRequestRejected (other 4xx) never is.
 */

/**
 * Create and resend count against Box's 100-per-minute limit, so they run on the writes queue, whose dispatch
 * rate the worker caps (worker/box-rate-limits.ts). Built per call: the queue derives from this workflow's own.
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

export const createSignRequest: SignRequestActivities['createSignRequest'] = (input) =>
  proxyActivities<SignRequestActivities>(onWritesQueue(createOptions)).createSignRequest(input);

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
export const createSignRequestRound: SignRequestActivities['createSignRequest'] = (input) =>
  proxyActivities<SignRequestActivities>(
    onWritesQueue({
      ...createOptions,
      retry: { ...createOptions.retry, maximumAttempts: CREATE_ATTEMPTS_PER_ROUND },
      cancellationType: 'WAIT_CANCELLATION_COMPLETED',
    }),
  ).createSignRequest(input);

/**
 * The reconcile of a create given up: retried for as long as Box is unavailable, since until Box answers nobody
 * knows whether a request exists that must be cancelled.
 */
export const { findSignRequest } = proxyActivities<SignRequestActivities>({
  startToCloseTimeout: LOOKUP_START_TO_CLOSE,
  heartbeatTimeout: HEARTBEAT_TIMEOUT,
  retry: { ...createOptions.retry, nonRetryableErrorTypes: [ErrorType.BoxRequestRejected] },
  summary: 'Look for a request the create may have made',
});

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

/** The GET that confirms a webhook: quick retries if Box is unavailable, else the next poll catches up. */
export const { fetchSignRequest } = proxyActivities<SignRequestActivities>({
  ...operatorAction,
  summary: 'Confirm a Box webhook with one GET',
});

export const { cancelSignRequest } = proxyActivities<SignRequestActivities>({
  ...operatorAction,
  summary: 'Cancel the Box sign request',
});

export const resendSignRequest: SignRequestActivities['resendSignRequest'] = (input) =>
  proxyActivities<SignRequestActivities>(
    onWritesQueue({ ...operatorAction, summary: 'Resend to outstanding signers' }),
  ).resendSignRequest(input);

/**
 * Polling lives in this activity's retries: one GET per attempt, `nextRetryDelay` sets the cadence, and only a
 * change completes it, so waiting adds no history. TRY_CANCEL: a poll is read-only, so the workflow need not
 * wait for an attempt in flight when an operator action or a timer interrupts it.
 */
export function statusPoller(polling: PollingPolicy) {
  return proxyActivities<SignRequestActivities>({
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
  }).awaitStatusChange;
}

/**
 * One completion-callback event: retried with exponential back-off until the receiver accepts it or the 72 h window
 * (counted from the first attempt, across continue-as-new) closes. A rejection (4xx other than 408/429, a redirect),
 * a refused URL or a missing secret stops it at once. TRY_CANCEL: a Temporal cancellation need not wait for a POST.
 */
export function deliverCallback(input: DeliverCallbackInput, windowLeftMs: number): Promise<DeliveredCallback> {
  return proxyActivities<SignRequestActivities>({
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
  }).deliverCallback(input);
}
