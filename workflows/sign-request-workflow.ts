import {
  ApplicationFailure,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SignRequestActivities } from '../activities';
import type { SignRequestInput, SignRequestResult, SignRequestSnapshot, SignRequestState } from '../contracts';
import {
  BoxSignRequestId,
  BoxSignStatus,
  ErrorType,
  describeIssues,
  isOutcomeStatus,
  isTerminalStatus,
  resolvePollingPolicy,
  snapshotFingerprint,
  statusQuery,
  validateSignRequestInput,
} from '../contracts';
import { applySnapshot, applyStatusCheck, buildResult, initialState } from './sign-request-state';

/**
 * Create: retried with back-off for as long as Box is unavailable (a request Box may have accepted is never
 * abandoned); the activity itself adopts an earlier attempt's request, so retries cannot duplicate it.
 */
const { createSignRequest } = proxyActivities<SignRequestActivities>({
  startToCloseTimeout: '2m',
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '5m',
    nonRetryableErrorTypes: [ErrorType.BoxRequestRejected, ErrorType.InvalidSignRequestInput],
  },
  summary: 'Create the Box sign request',
});

export async function signRequestWorkflow(input: SignRequestInput): Promise<SignRequestResult> {
  const state: SignRequestState = initialState(typeof input?.businessKey === 'string' ? input.businessKey : '');
  setHandler(statusQuery, () => state);

  const issues = validateSignRequestInput(input);
  if (issues.length > 0) {
    state.phase = 'failed';
    state.failure = `Invalid sign request input: ${describeIssues(issues)}`;
    throw ApplicationFailure.create({
      type: ErrorType.InvalidSignRequestInput,
      message: state.failure,
      nonRetryable: true,
      details: [issues],
    });
  }

  const polling = resolvePollingPolicy(input.polling);
  // Polling lives in this activity's retries: one GET per attempt, `nextRetryDelay` sets the cadence, and
  // only a change completes it. Box errors that may heal (429, 5xx) are retried on the same cadence.
  const { awaitStatusChange } = proxyActivities<SignRequestActivities>({
    startToCloseTimeout: '1m',
    retry: {
      initialInterval: polling.initialIntervalMs,
      backoffCoefficient: polling.backoffCoefficient,
      maximumInterval: polling.maximumIntervalMs,
      nonRetryableErrorTypes: [ErrorType.BoxRequestRejected],
    },
    summary: 'Wait for the sign request to change',
  });

  state.phase = 'creating';
  let snapshot: SignRequestSnapshot = await createSignRequest({
    request: input,
    externalId: workflowInfo().workflowId,
  });
  applySnapshot(state, snapshot, new Date().toISOString());
  recordStatus(snapshot);

  state.phase = 'waiting';
  while (!isTerminalStatus(snapshot.status)) {
    const check = await awaitStatusChange({
      signRequestId: snapshot.signRequestId,
      knownFingerprint: snapshotFingerprint(snapshot),
      polling,
    });
    snapshot = check.snapshot;
    applyStatusCheck(state, check);
    recordStatus(snapshot);
  }

  const finalStatus = snapshot.status;
  if (!isOutcomeStatus(finalStatus)) {
    state.phase = 'failed';
    state.failure = `Box sign request ${snapshot.signRequestId} ended in status ${finalStatus}${
      snapshot.errorCode ? ` (error_code ${snapshot.errorCode})` : ''
    }: Box needs a new request`;
    throw ApplicationFailure.create({
      type: ErrorType.BoxSignRequestFailed,
      message: state.failure,
      nonRetryable: true,
      details: [{ signRequestId: snapshot.signRequestId, status: finalStatus, errorCode: snapshot.errorCode }],
    });
  }

  state.phase = 'completed';
  state.outcome = finalStatus;
  return buildResult(
    input.businessKey,
    input.signers.map((s) => s.email),
    snapshot,
    finalStatus,
  );
}

function recordStatus(snapshot: SignRequestSnapshot): void {
  upsertSearchAttributes([
    { key: BoxSignRequestId, value: snapshot.signRequestId },
    { key: BoxSignStatus, value: snapshot.status },
  ]);
}
