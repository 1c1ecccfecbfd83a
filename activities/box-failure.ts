import { ApplicationFailure } from '@temporalio/common';
import { BoxApiError } from '../box/errors';
import { ErrorType } from '../contracts';

/**
 * A Box error as Temporal should see it: retryable ones (network, 429, 5xx) as BoxUnavailable, honouring
 * Box's retry-after; the rest as non-retryable BoxRequestRejected. Details keep status, code and request_id
 * (what Box support asks for), never the request body.
 */
export function toActivityFailure(err: unknown): unknown {
  if (!(err instanceof BoxApiError)) return err;
  const details = { status: err.status ?? null, code: err.code, requestId: err.requestId ?? null };
  if (err.retryable) {
    return ApplicationFailure.create({
      type: ErrorType.BoxUnavailable,
      message: err.message,
      details: [details],
      nextRetryDelay: err.retryAfterMs,
    });
  }
  return ApplicationFailure.create({
    type: ErrorType.BoxRequestRejected,
    message: err.message,
    details: [details],
    nonRetryable: true,
  });
}

export async function withBoxFailures<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toActivityFailure(err);
  }
}
