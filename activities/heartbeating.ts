import { Context } from '@temporalio/activity';

/** How often an activity heartbeats while a Box call is in flight; well inside ACTIVITY_HEARTBEAT_TIMEOUT_MS. */
export const HEARTBEAT_EVERY_MS = 2_000;

/**
 * Runs `call` while heartbeating every `everyMs`, so that Temporal sees a killed worker's attempt as lost after the
 * activity's heartbeat timeout (seconds) rather than its start-to-close timeout (minutes). Each heartbeat repeats the
 * details an earlier attempt recorded, so that they survive this attempt (the create's `{signRequestId}`).
 */
export async function whileHeartbeating<T>(call: () => Promise<T>, everyMs: number = HEARTBEAT_EVERY_MS): Promise<T> {
  const context = Context.current();
  const details: unknown = context.info.heartbeatDetails;
  const timer = setInterval(() => context.heartbeat(details), everyMs);
  try {
    return await call();
  } finally {
    clearInterval(timer);
  }
}
