import { ContinueAsNew, isCancellation, metricMeter, workflowInfo } from '@temporalio/workflow';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import type { SignRequestInput, SignerInput, SignerVerificationKind } from '../contracts/sign-request-input';
import type { SignRequestResult } from '../contracts/sign-request-state';
import { signerVerification } from '../contracts/sign-request-input';
import { METRICS, meterName } from '../metrics/names';

/** The strongest first: a request is counted under the strongest verification any of its signers must pass. */
const VERIFICATION_STRENGTH: readonly SignerVerificationKind[] = ['phone', 'cac_piv', 'login', 'password'];

/**
 * A request's start and end as metrics, through the workflow's metric meter: it records nothing while a worker
 * replays history, so a request is counted once however often it is replayed. Metrics are not commands: nothing
 * here changes what the workflow asks Temporal to do.
 */
export function recordRequestStarted(input: SignRequestInput): void {
  metricMeter
    .createCounter(meterName(METRICS.requestsStarted), '1', METRICS.requestsStarted.help)
    .add(1, { verification: strongestVerification(input) });
}

export function recordRequestEnded(result: SignRequestResult): void {
  recordEnd(result.outcome, 'none');
}

/** A run that throws: failed (with its type), cancelled in Temporal, or nothing at all when it continues as new. */
export function recordRequestThrew(err: unknown): void {
  if (err instanceof ContinueAsNew) return;
  if (isCancellation(err)) return recordEnd('cancelled', 'none');
  const root = err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause : err;
  const type = root instanceof ApplicationFailure ? (root.type ?? 'ApplicationFailure') : 'unknown';
  recordEnd('failed', type);
}

function recordEnd(outcome: string, failureType: string): void {
  metricMeter
    .createCounter(meterName(METRICS.requestsEnded), '1', METRICS.requestsEnded.help)
    .add(1, { outcome, failure_type: failureType });
  const seconds = (Date.now() - workflowInfo().startTime.getTime()) / 1000;
  metricMeter
    .createHistogram(METRICS.requestDuration.name, 'float', 's', METRICS.requestDuration.help)
    .record(Math.max(0, seconds), { outcome });
}

function strongestVerification(input: SignRequestInput): string {
  // Counted before validation: an invalid input may have anything as its signers.
  const signers: unknown[] = Array.isArray(input?.signers) ? input.signers : [];
  const kinds = signers
    .filter((signer): signer is SignerInput => typeof signer === 'object' && signer !== null)
    .map(signerVerification);
  return VERIFICATION_STRENGTH.find((kind) => kinds.includes(kind)) ?? 'none';
}
