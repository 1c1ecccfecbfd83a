import type { PollingPolicy } from '../contracts';
import { backoffDelayMs } from '../contracts/backoff';

/** Wait before the next check, after `attempt` checks that saw no change: exponential, capped. */
export function nextPollDelayMs(policy: PollingPolicy, attempt: number): number {
  return backoffDelayMs(policy, attempt);
}
