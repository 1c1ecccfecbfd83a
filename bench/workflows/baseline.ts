import { proxyActivities } from '@temporalio/workflow';
import type { BaselineActivities } from '../baseline-activities';

const { nothing } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '1m' });

/**
 * The throughput baseline: as many activity calls as a sign-request workflow makes, one after the other, and no
 * Box logic at all. Its rate on the same stack is what "our overhead" is measured against.
 */
export async function baselineWorkflow(activityCalls: number): Promise<number> {
  for (let i = 0; i < activityCalls; i++) await nothing(i);
  return activityCalls;
}
