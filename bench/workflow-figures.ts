import type { Client } from '@temporalio/client';
import type { BoxSigner } from '../box/models';
import type { EmulatorRequestView } from 'box-sign-emulator';
import { sleep } from '../scripts/processes';
import { mean } from './metrics';
import { inPool } from './signers';

export interface WorkflowFigures {
  workflowId: string;
  status: string;
  startMs: number;
  closeMs: number | null;
  historyLength: number;
}

/** Waits (visibility, once a second) until no workflow on the task queue is running, or the deadline. */
export async function waitUntilAllClosed(client: Client, taskQueue: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const { count } = await client.workflow.count(`TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`);
    if (count === 0) return;
    await sleep(1_000);
  }
}

export async function describeAll(client: Client, workflowIds: string[]): Promise<WorkflowFigures[]> {
  const figures: WorkflowFigures[] = [];
  await inPool(workflowIds, 20, async (workflowId) => {
    const d = await client.workflow.getHandle(workflowId).describe();
    figures.push({
      workflowId,
      status: d.status.name,
      startMs: d.startTime.getTime(),
      closeMs: d.closeTime?.getTime() ?? null,
      historyLength: d.historyLength,
    });
  });
  return figures;
}

/** Completed workflows per second over the whole run: first start to last completion. */
export function completedPerSecond(figures: WorkflowFigures[]): number {
  const done = figures.filter((f) => f.status === 'COMPLETED' && f.closeMs !== null);
  if (done.length === 0) return 0;
  return done.length / Math.max(0.001, spanSeconds(figures));
}

/** Seconds from the first start to the last completion among `figures`; 0 when none completed. */
export function spanSeconds(figures: WorkflowFigures[]): number {
  const done = figures.filter((f) => f.status === 'COMPLETED' && f.closeMs !== null);
  if (done.length === 0) return 0;
  const first = Math.min(...figures.map((f) => f.startMs));
  const last = Math.max(...done.map((f) => f.closeMs ?? 0));
  return (last - first) / 1000;
}

/** Activity calls in a workflow's history (ActivityTaskScheduled events). */
export async function activityCalls(client: Client, workflowId: string): Promise<number> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).filter(
    (e) => e.activityTaskScheduledEventAttributes !== null && e.activityTaskScheduledEventAttributes !== undefined,
  ).length;
}

/** Each request's last signature (emulator time), by its workflow id (the request's external_id). */
export function lastSignatureByWorkflow(views: EmulatorRequestView[]): Map<string, number> {
  const lastSignature = new Map<string, number>();
  for (const view of views) {
    const signed = ((view.sign_request.signers ?? []) as BoxSigner[])
      .map((s) => s.signer_decision?.finalized_at)
      .filter((at): at is string => typeof at === 'string')
      .map((at) => Date.parse(at));
    if (signed.length > 0 && view.sign_request.external_id)
      lastSignature.set(view.sign_request.external_id, Math.max(...signed));
  }
  return lastSignature;
}

/** The completed workflows whose signature is known: signature → close, in milliseconds. */
export function detectionLatenciesMs(
  figures: WorkflowFigures[],
  lastSignature: Map<string, number>,
): { timed: WorkflowFigures[]; latencies: number[] } {
  const timed = figures.filter(
    (f) => f.status === 'COMPLETED' && f.closeMs !== null && lastSignature.has(f.workflowId),
  );
  return { timed, latencies: timed.map((f) => (f.closeMs ?? 0) - (lastSignature.get(f.workflowId) ?? 0)) };
}

export function historyEvents(figures: WorkflowFigures[]): { mean: number; max: number } {
  const lengths = figures.map((f) => f.historyLength);
  return { mean: mean(lengths), max: Math.max(...lengths) };
}
