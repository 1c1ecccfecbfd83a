import type { Client } from '@temporalio/client';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { sleep } from './processes';

/**
 * After a worker crash: which activities the dead worker had in flight, and how long until each runs again on
 * another worker. Read from Temporal's pending activities (describe), never from attempt numbers, so it holds
 * however the workflow schedules its attempts.
 */
export interface InFlightActivity {
  workflowId: string;
  activityId: string;
  activityType: string;
  /** The attempt the crashed worker was running. */
  attempt: number;
}

export interface Recovery extends InFlightActivity {
  /** Seconds from the crash until the activity was started again (or seen completed); null: not within the wait. */
  seconds: number | null;
}

const { PENDING_ACTIVITY_STATE_STARTED } = temporal.api.enums.v1.PendingActivityState;

export interface PendingActivity {
  activityId: string;
  activityType: string;
  started: boolean;
  attempt: number;
  lastStartedMs: number | undefined;
  /** When the last attempt ended (failed or timed out); the server keeps it while the next one waits. */
  lastAttemptCompleteMs: number | undefined;
  /** The worker that runs (or last ran) it: `<pid>@<host>` for the project's workers. */
  lastWorkerIdentity?: string;
}

async function pendingActivities(client: Client, workflowId: string): Promise<PendingActivity[]> {
  const description = await client.workflow.getHandle(workflowId).describe();
  return (description.raw.pendingActivities ?? []).map((activity) => ({
    activityId: activity.activityId ?? '',
    activityType: activity.activityType?.name ?? '',
    started: activity.state === PENDING_ACTIVITY_STATE_STARTED,
    attempt: activity.attempt ?? 1,
    lastStartedMs: optionalTsToMs(activity.lastStartedTime),
    lastAttemptCompleteMs: optionalTsToMs(activity.lastAttemptCompleteTime),
    lastWorkerIdentity: activity.lastWorkerIdentity ?? '',
  }));
}

/**
 * Activities Temporal still sees as started by a worker before `crashedAtMs`: those the crashed worker was running
 * (only those of the worker with pid `workerPid` when given: other workers keep running theirs).
 */
export async function inFlightActivities(
  client: Client,
  workflowIds: string[],
  crashedAtMs: number,
  workerPid?: number,
): Promise<InFlightActivity[]> {
  const ranOnIt = (activity: PendingActivity) =>
    workerPid === undefined || (activity.lastWorkerIdentity ?? '').startsWith(`${workerPid}@`);
  const found: InFlightActivity[] = [];
  for (let i = 0; i < workflowIds.length; i += 20) {
    await Promise.all(
      workflowIds.slice(i, i + 20).map(async (workflowId) => {
        const pending = await pendingActivities(client, workflowId).catch(() => []);
        for (const activity of pending) {
          if (activity.started && (activity.lastStartedMs ?? Infinity) < crashedAtMs && ranOnIt(activity)) {
            found.push({
              workflowId,
              activityId: activity.activityId,
              activityType: activity.activityType,
              attempt: activity.attempt,
            });
          }
        }
      }),
    );
  }
  return found;
}

/**
 * When `activity` ran again after the crash, in epoch ms, or undefined if not yet. Running again: an attempt started
 * after the crash — of the same activity, or of another of the same type in its workflow (a new round of attempts).
 * An attempt that started and already failed (a 429 in a few milliseconds) is seen by its attempt number: the
 * crashed attempt's retry has ended when the activity is two attempts further on (or a new round is past its first),
 * and it started before its end (`lastAttemptCompleteMs`, an upper bound). None of its type pending: `'not-pending'`,
 * for the history to tell (it completed, or the workflow waits between two rounds).
 */
export function runningAgainAt(
  activity: InFlightActivity,
  pending: PendingActivity[],
  crashedAtMs: number,
): number | undefined | 'not-pending' {
  const sameType = pending.filter((p) => p.activityType === activity.activityType);
  if (sameType.length === 0) return 'not-pending';
  const times = sameType.map((p) => {
    if (p.started && (p.lastStartedMs ?? 0) >= crashedAtMs) return p.lastStartedMs;
    const attemptsSince = p.activityId === activity.activityId ? p.attempt - activity.attempt : p.attempt;
    const ended = p.lastAttemptCompleteMs ?? 0;
    return attemptsSince >= 2 && ended >= crashedAtMs ? ended : undefined;
  });
  const seen = times.filter((t): t is number => t !== undefined);
  return seen.length > 0 ? Math.min(...seen) : undefined;
}

const { EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, EVENT_TYPE_ACTIVITY_TASK_STARTED } = temporal.api.enums.v1.EventType;

/**
 * With nothing of its type pending: when the history shows an attempt of that type started after the crash (the
 * started event is written when the attempt ends, so its time is an upper bound), or, once the workflow has closed,
 * now; undefined while the workflow waits between rounds of attempts.
 */
async function startedInHistoryAt(
  client: Client,
  activity: InFlightActivity,
  crashedAtMs: number,
): Promise<number | undefined> {
  const handle = client.workflow.getHandle(activity.workflowId);
  const history = await handle.fetchHistory();
  const typeBySchedule = new Map<string, string>();
  for (const event of history.events ?? []) {
    if (event.eventType === EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
      typeBySchedule.set(String(event.eventId), event.activityTaskScheduledEventAttributes?.activityType?.name ?? '');
    }
    if (event.eventType !== EVENT_TYPE_ACTIVITY_TASK_STARTED) continue;
    const scheduledId = String(event.activityTaskStartedEventAttributes?.scheduledEventId ?? '');
    const at = optionalTsToMs(event.eventTime) ?? 0;
    if (typeBySchedule.get(scheduledId) === activity.activityType && at >= crashedAtMs) return at;
  }
  const { status } = await handle.describe();
  return status.name === 'RUNNING' ? undefined : Date.now();
}

/** Watches every in-flight activity until it runs again, or `timeoutMs` has passed. */
export async function recoveries(
  client: Client,
  inFlight: InFlightActivity[],
  crashedAtMs: number,
  timeoutMs: number,
): Promise<Recovery[]> {
  const results = new Map<InFlightActivity, number>();
  const deadline = Date.now() + timeoutMs;
  while (results.size < inFlight.length && Date.now() < deadline) {
    const open = inFlight.filter((activity) => !results.has(activity));
    await Promise.all(
      open.map(async (activity) => {
        const pending = await pendingActivities(client, activity.workflowId).catch(() => undefined);
        if (pending === undefined) return;
        const found = runningAgainAt(activity, pending, crashedAtMs);
        const at =
          found === 'not-pending'
            ? await startedInHistoryAt(client, activity, crashedAtMs).catch(() => undefined)
            : found;
        if (at !== undefined) results.set(activity, at);
      }),
    );
    if (results.size < inFlight.length) await sleep(250);
  }
  return inFlight.map((activity) => {
    const at = results.get(activity);
    return { ...activity, seconds: at === undefined ? null : Math.max(0, at - crashedAtMs) / 1000 };
  });
}

/** `recovery_p100=12.3s` over every crash's in-flight activities (`>Ns` if one did not run again in the wait). */
export function recoveryFigure(all: Recovery[], waitedS: number): string {
  if (all.length === 0) return 'recovery_p100=n/a (nothing in flight)';
  const p100 = (some: Recovery[]) =>
    some.some((r) => r.seconds === null)
      ? `>${waitedS}s`
      : `${Math.max(...some.map((r) => r.seconds ?? 0)).toFixed(1)}s`;
  const types = [...new Set(all.map((r) => r.activityType))].sort();
  const byType = types.map((type) => `${type}=${p100(all.filter((r) => r.activityType === type))}`).join(' ');
  const unrecovered = all.filter((r) => r.seconds === null).length;
  return `recovery_p100=${p100(all)} (${byType}) in_flight=${all.length}${unrecovered > 0 ? ` unrecovered=${unrecovered}` : ''}`;
}
