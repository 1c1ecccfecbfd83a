import { MockActivityEnvironment } from '@temporalio/testing';
import type { MetricMeter } from '@temporalio/common';
import { ApplicationFailure, noopMetricMeter } from '@temporalio/common';
import { unexpectedErrorDelayMs } from '../../activities/classify-failure';
import { createActivities } from '../../activities/sign-request-activities';
import type { BoxSignRequest } from '../../box/models';
import type { BoxSignApi } from '../../box/sign-client';
import { DEFAULT_POLLING_POLICY, ErrorType } from '../../contracts';
import { silentLogger } from '../../logging/logger';
import { METRICS, meterName } from '../../metrics/names';

/** The SDK logs each failed attempt; here the failures are the expected result. */
const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** A Box whose answers break the code's assumptions (a 2xx whose shape the code did not expect), or a bug's throw. */
function boxAnswering(answer: () => Promise<BoxSignRequest>): BoxSignApi {
  return {
    createSignRequest: answer,
    getSignRequest: answer,
    listSignRequests: () => Promise.reject(new TypeError('list is not iterable')),
    cancelSignRequest: answer,
    resendSignRequest: () => Promise.reject(new RangeError('Invalid time value')),
  };
}

/** `signers` that is not a list: toSnapshot throws a TypeError, an error that is neither Box's nor typed. */
const misshapen = () => Promise.resolve({ id: 'r1', status: 'sent', signers: 42 } as unknown as BoxSignRequest);

async function failureOf(run: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await run.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

describe('errors that are not Box errors', () => {
  const polling = { initialIntervalMs: 200, backoffCoefficient: 1.2, maximumIntervalMs: 1_000 };

  it('a poll that meets one is typed UnexpectedActivityError and waits at least the default poll cadence', async () => {
    const activities = createActivities({ box: boxAnswering(misshapen), logger: silentLogger });
    for (const attempt of [2, 5, 30]) {
      const env = new MockActivityEnvironment({ attempt }, { logger: quiet });
      const input = { signRequestId: 'r1', knownFingerprint: 'f', polling };
      const failure = await failureOf(env.run(activities.awaitStatusChange, input));
      expect(failure).toMatchObject({ type: ErrorType.UnexpectedActivityError, nonRetryable: false });
      expect(failure.message).toMatch(/^TypeError: /);
      // Never the 1–5 s of the activity's timeout schedule: the default cadence at this attempt (5 s up to 10 min).
      expect(failure.nextRetryDelay).toBe(unexpectedErrorDelayMs(0, attempt));
      expect(failure.nextRetryDelay).toBeGreaterThanOrEqual(DEFAULT_POLLING_POLICY.initialIntervalMs);
    }
    const late = await failureOf(
      new MockActivityEnvironment({ attempt: 30 }, { logger: quiet }).run(activities.awaitStatusChange, {
        signRequestId: 'r1',
        knownFingerprint: 'f',
        polling,
      }),
    );
    expect(late.nextRetryDelay).toBe(DEFAULT_POLLING_POLICY.maximumIntervalMs);
  });

  it('every Box activity classifies them the same way', async () => {
    const activities = createActivities({ box: boxAnswering(misshapen), logger: silentLogger });
    const env = () => new MockActivityEnvironment({ attempt: 3 }, { logger: quiet });
    const runs = [
      env().run(activities.fetchSignRequest, { signRequestId: 'r1' }),
      env().run(activities.cancelSignRequest, { signRequestId: 'r1' }),
      env().run(activities.resendSignRequest, { signRequestId: 'r1' }),
      env().run(activities.findSignRequest, { externalId: 'box-sign-k' }),
    ];
    for (const run of runs) {
      const failure = await failureOf(run);
      expect(failure).toMatchObject({ type: ErrorType.UnexpectedActivityError, nonRetryable: false });
      expect(failure.nextRetryDelay).toBe(unexpectedErrorDelayMs(0, 3));
    }
  });

  it('are counted, once per failed attempt, under box_sign_unexpected_activity_errors_total', async () => {
    const counted = new Map<string, number>();
    const meter: MetricMeter = {
      createHistogram: noopMetricMeter.createHistogram.bind(noopMetricMeter),
      createGauge: noopMetricMeter.createGauge.bind(noopMetricMeter),
      withTags: () => meter,
      createCounter: (name) => {
        const counter = noopMetricMeter.createCounter(name);
        counter.add = (value) => void counted.set(name, (counted.get(name) ?? 0) + value);
        return counter;
      },
    };
    const activities = createActivities({ box: boxAnswering(misshapen), logger: silentLogger });
    const env = new MockActivityEnvironment({ attempt: 2 }, { logger: quiet, metricMeter: meter });
    await failureOf(env.run(activities.fetchSignRequest, { signRequestId: 'r1' }));
    await failureOf(env.run(activities.cancelSignRequest, { signRequestId: 'r1' }));
    expect(counted.get(meterName(METRICS.unexpectedErrors))).toBe(2);
  });

  it('keeps the caller’s own back-off when it is the longer one', () => {
    expect(unexpectedErrorDelayMs(120_000, 1)).toBe(120_000);
    expect(unexpectedErrorDelayMs(0, 1)).toBe(DEFAULT_POLLING_POLICY.initialIntervalMs);
  });
});
