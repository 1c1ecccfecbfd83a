import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { retryDelayMs, toActivityFailure } from '../../activities/box-failure';
import { createActivities } from '../../activities/sign-request-activities';
import { BoxApiError } from '../../box/errors';
import type { BoxSignApi } from '../../box/sign-client';
import type { SignRequestInput } from '../../contracts';
import { ErrorType } from '../../contracts';
import { silentLogger } from '../../logging/logger';

const boxError = (status: number | undefined, retryAfterMs?: number): BoxApiError =>
  new BoxApiError({
    status,
    code: status === undefined ? 'network_error' : `http_${status}`,
    boxMessage: '',
    retryable: status === undefined || status === 429 || status >= 500,
    method: 'GET',
    path: '/sign_requests/1',
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });

const LOWEST = () => 0;
const HIGHEST = () => 0.999_999;

describe('the retry policy for Box calls', () => {
  it('fails a 4xx other than 429 fast: BoxRequestRejected, not retryable', () => {
    const failure = toActivityFailure(boxError(403), 1_000) as ApplicationFailure;
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: ErrorType.BoxRequestRejected, nonRetryable: true });
  });

  it('retries 5xx and network errors after the back-off, jittered down by up to half', () => {
    for (const err of [boxError(500), boxError(502), boxError(503), boxError(undefined)]) {
      expect([retryDelayMs(err, 4_000, LOWEST), retryDelayMs(err, 4_000, HIGHEST)]).toEqual([4_000, 2_000]);
      const failure = toActivityFailure(err, 4_000) as ApplicationFailure;
      expect(failure).toMatchObject({ type: ErrorType.BoxUnavailable, nonRetryable: false });
      expect(failure.nextRetryDelay).toBeGreaterThanOrEqual(2_000);
      expect(failure.nextRetryDelay).toBeLessThanOrEqual(4_000);
    }
  });

  it('never retries a 429 before retry-after, and spreads the retries up to a quarter beyond it', () => {
    expect(retryDelayMs(boxError(429, 2_000), 1_000, LOWEST)).toBe(2_000);
    expect(retryDelayMs(boxError(429, 2_000), 1_000, HIGHEST)).toBe(2_500);
  });

  it('keeps the longer back-off when it exceeds retry-after', () => {
    expect(retryDelayMs(boxError(429, 1_000), 60_000, HIGHEST)).toBe(30_000);
  });
});

describe('the retry delays the activities ask Temporal for', () => {
  const request: SignRequestInput = {
    businessKey: 'k',
    sourceFiles: [{ id: '1' }],
    parentFolder: { id: '2' },
    signers: [{ email: 'a@example.com', password: 'pw' }],
  };
  const polling = { initialIntervalMs: 1_000, backoffCoefficient: 2, maximumIntervalMs: 60_000 };

  /** The SDK logs each failed attempt; here the failures are the expected result. */
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  const activityEnv = (attempt: number) => new MockActivityEnvironment({ attempt }, { logger: quiet });

  function boxThatFails(err: BoxApiError): BoxSignApi {
    const fail = () => Promise.reject(err);
    return {
      createSignRequest: fail,
      getSignRequest: fail,
      listSignRequests: fail,
      cancelSignRequest: fail,
      resendSignRequest: fail,
    };
  }

  async function failureOf(run: Promise<unknown>): Promise<ApplicationFailure> {
    const err = await run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    return err as ApplicationFailure;
  }

  it('a create that met a 503 on its first attempt is retried within a second', async () => {
    const activities = createActivities({ box: boxThatFails(boxError(503)), logger: silentLogger });
    const env = activityEnv(1);
    const failure = await failureOf(env.run(activities.createSignRequest, { request, externalId: 'box-sign-k' }));
    expect(failure.type).toBe(ErrorType.BoxUnavailable);
    expect(failure.nextRetryDelay).toBeGreaterThanOrEqual(500);
    expect(failure.nextRetryDelay).toBeLessThanOrEqual(1_000);
  });

  it('a 429 while polling waits on the poll cadence, never just the shorter retry-after', async () => {
    const activities = createActivities({ box: boxThatFails(boxError(429, 1_000)), logger: silentLogger });
    const env = activityEnv(10);
    const input = { signRequestId: 'r1', knownFingerprint: 'f', polling };
    const failure = await failureOf(env.run(activities.awaitStatusChange, input));
    expect(failure.type).toBe(ErrorType.BoxUnavailable);
    // Attempt 10 of this cadence is at its 60 s ceiling; the jitter takes off at most half.
    expect(failure.nextRetryDelay).toBeGreaterThanOrEqual(30_000);
    expect(failure.nextRetryDelay).toBeLessThanOrEqual(60_000);
  });

  it('a 404 while polling is not retried', async () => {
    const activities = createActivities({ box: boxThatFails(boxError(404)), logger: silentLogger });
    const env = activityEnv(3);
    const failure = await failureOf(
      env.run(activities.awaitStatusChange, { signRequestId: 'r1', knownFingerprint: 'f', polling }),
    );
    expect(failure).toMatchObject({ type: ErrorType.BoxRequestRejected, nonRetryable: true });
  });

  it('a poll that defers its first check makes no Box call on attempt 1 and waits one initial interval', async () => {
    let gets = 0;
    const box: BoxSignApi = {
      ...boxThatFails(boxError(500)),
      getSignRequest: () => {
        gets += 1;
        return Promise.reject(boxError(500));
      },
    };
    const activities = createActivities({ box, logger: silentLogger });
    const input = { signRequestId: 'r1', knownFingerprint: 'f', polling, deferFirstCheck: true };
    const first = await failureOf(activityEnv(1).run(activities.awaitStatusChange, input));
    expect(first).toMatchObject({ type: ErrorType.SignRequestUnchanged, nextRetryDelay: 1_000 });
    expect(gets).toBe(0);

    const second = await failureOf(activityEnv(2).run(activities.awaitStatusChange, input));
    expect(second.type).toBe(ErrorType.BoxUnavailable);
    expect(gets).toBe(1);
  });
});
