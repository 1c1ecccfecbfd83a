import { Context } from '@temporalio/activity';
import type { MetricMeter, MetricTags } from '@temporalio/common';
import type { BoxCallObservation } from '../box/sign-client';
import type { MetricDefinition } from './names';
import { METRICS, meterName } from './names';

/**
 * The worker's business metrics go through Temporal's metric meter, exported with the SDK's own metrics on the
 * worker's metrics port. Inside an activity the activity's meter (it adds namespace, task_queue and activity_type);
 * outside one (the start-up check) the runtime's, given by the caller.
 */
export function currentActivityMeter(): MetricMeter | undefined {
  try {
    return Context.current().metricMeter;
  } catch {
    return undefined;
  }
}

export function countInActivity(metric: MetricDefinition, tags: MetricTags = {}, value = 1): void {
  currentActivityMeter()?.createCounter(meterName(metric), '1', metric.help).add(value, tags);
}

/** The Box client's observer on the worker: one call counted and timed, through the meter of where it ran. */
export function boxCallMetrics(outsideActivity: () => MetricMeter): (call: BoxCallObservation) => void {
  return (call) => {
    const meter = currentActivityMeter() ?? outsideActivity();
    meter
      .createCounter(meterName(METRICS.boxCalls), '1', METRICS.boxCalls.help)
      .add(1, { operation: call.operation, status_class: call.statusClass });
    meter
      .createHistogram(METRICS.boxCallDuration.name, 'float', 's', METRICS.boxCallDuration.help)
      .record(call.seconds, { operation: call.operation });
  };
}
