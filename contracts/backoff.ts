/** An exponential schedule: `initialIntervalMs × backoffCoefficient^(attempt-1)`, never above the maximum. */
export interface BackoffSchedule {
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
}

/** The wait after `attempt` (1-based) on `schedule`. */
export function backoffDelayMs(schedule: BackoffSchedule, attempt: number): number {
  const grown = schedule.initialIntervalMs * Math.pow(schedule.backoffCoefficient, Math.max(0, attempt - 1));
  return Math.round(Math.min(schedule.maximumIntervalMs, grown));
}
