import type { WorkflowHandle } from '@temporalio/client';
import { eventually } from './signers';

type HistoryEvents = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>;

/** The history as the server has it now. */
export async function historyEvents(handle: WorkflowHandle): Promise<HistoryEvents> {
  return (await handle.fetchHistory()).events ?? [];
}

/** How many times the workflow scheduled activity `type` (every attempt of one schedule counts once). */
export function scheduledActivities(events: HistoryEvents, type: string): number {
  return events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === type).length;
}

/** The activity type the workflow scheduled last, if any. */
export function lastScheduledActivity(events: HistoryEvents): string | undefined {
  const scheduled = events.filter((e) => e.activityTaskScheduledEventAttributes);
  return scheduled.at(-1)?.activityTaskScheduledEventAttributes?.activityType?.name ?? undefined;
}

export function signalsReceived(events: HistoryEvents, name: string): number {
  return events.filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === name).length;
}

/**
 * Resolves once `count` signals named `name` are in the history and the workflow has completed a task after the
 * last of them: whatever the workflow did about them is in the history by then.
 */
export async function signalsHandled(handle: WorkflowHandle, name: string, count: number): Promise<HistoryEvents> {
  return eventually(
    () => historyEvents(handle),
    (events) => {
      const signals = events.flatMap((e, at) =>
        e.workflowExecutionSignaledEventAttributes?.signalName === name ? [at] : [],
      );
      const last = signals.at(-1);
      return (
        signals.length >= count &&
        last !== undefined &&
        events.slice(last + 1).some((e) => e.workflowTaskCompletedEventAttributes)
      );
    },
  );
}
