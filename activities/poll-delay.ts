import type { PollingPolicy } from '../contracts';

/** Wait before the next check, after `attempt` checks that saw no change: exponential, capped. */
export function nextPollDelayMs(policy: PollingPolicy, attempt: number): number {
  const grown = policy.initialIntervalMs * Math.pow(policy.backoffCoefficient, Math.max(0, attempt - 1));
  return Math.round(Math.min(policy.maximumIntervalMs, grown));
}
