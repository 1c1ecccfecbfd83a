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
}

export interface Recovery extends InFlightActivity {
  /** Seconds from the crash until the activity was started again (or seen completed); null: not within the wait. */
  seconds: number | null;
}

const { PENDING_ACTIVITY_STATE_STARTED } = temporal.api.enums.v1.PendingActivityState;

interface PendingActivity {
  activityId: string;
  activityType: string;
  started: boolean;
  lastStartedMs: number | undefined;
}

async function pendingActivities(client: Client, workflowId: string): Promise<PendingActivity[]> {
  const description = await client.workflow.getHandle(workflowId).describe();
  return (description.raw.pendingActivities ?? []).map((activity) => ({
    activityId: activity.activityId ?? '',
    activityType: activity.activityType?.name ?? '',
    started: activity.state === PENDING_ACTIVITY_STATE_STARTED,
    lastStartedMs: optionalTsToMs(activity.lastStartedTime),
  }));
}

/** Activities Temporal still sees as started by a worker before `crashedAtMs`: those the crashed worker was running. */
export async function inFlightActivities(
  client: Client,
  workflowIds: string[],
  crashedAtMs: number,
): Promise<InFlightActivity[]> {
  const found: InFlightActivity[] = [];
  for (let i = 0; i < workflowIds.length; i += 20) {
    await Promise.all(
      workflowIds.slice(i, i + 20).map(async (workflowId) => {
        const pending = await pendingActivities(client, workflowId).catch(() => []);
        for (const activity of pending) {
          if (activity.started && (activity.lastStartedMs ?? Infinity) < crashedAtMs) {
            found.push({ workflowId, activityId: activity.activityId, activityType: activity.activityType });
          }
        }
      }),
    );
  }
  return found;
}

/**
 * When `activity` ran again after the crash, in epoch ms, or undefined if not yet. Running again: started after the
 * crash — the same activity on a new attempt, or another of the same type in its workflow (a new round of
 * attempts). Not pending any more (completed, workflow ended): `nowMs`, an upper bound.
 */
function runningAgainAt(
  activity: InFlightActivity,
  pending: PendingActivity[],
  crashedAtMs: number,
  nowMs: number,
): number | undefined {
  const sameType = pending.filter((p) => p.activityType === activity.activityType);
  const restarted = sameType.find((p) => p.started && (p.lastStartedMs ?? 0) >= crashedAtMs);
  if (restarted !== undefined) return restarted.lastStartedMs;
  return sameType.length > 0 ? undefined : nowMs;
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
        const at = runningAgainAt(activity, pending, crashedAtMs, Date.now());
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
