import type { Client } from '@temporalio/client';
import type { EmulatorControl } from 'box-sign-emulator';
import type { Recovery } from '../activity-recovery';
import { inFlightActivities, recoveries, recoveryFigure } from '../activity-recovery';
import { sleep } from '../processes';
import { clusterUp } from '../cluster/up';
import { pgBinDir, restartPostgresImmediately } from '../cluster/postgres';
import { isRunning, readClusterState } from '../cluster/state';

/** One fault of the cluster chaos and how the cluster came back from it. */
export interface FaultRecovery {
  fault: string;
  /** Seconds from the fault until the part was back and serving (restarted by `cluster:up`, as a supervisor would). */
  backS: number;
  /** Seconds from the fault until a sign request completed after it (null: none within the watch). */
  nextCompletionS: number | null;
  /** The killed worker's in-flight activities, run again by the other worker (worker kill only). */
  activities?: Recovery[];
  detail: string;
}

/** A supervisor's restart delay: the chaos restarts a killed process this long after the kill. */
const RESTART_DELAY_MS = 1_000;
const WATCH_MS = 180_000;
const HANG_BEFORE_KILL_MS = 1_500;

/** kill -9 of a process `cluster:up` recorded, then `cluster:up` again, which starts only what is missing. */
export async function killAndRestart(
  name: string,
  client: Client,
  workflowIds: string[],
  control?: EmulatorControl,
): Promise<FaultRecovery> {
  const recorded = readClusterState()[name];
  if (!isRunning(recorded)) throw new Error(`${name} is not running: run npm run cluster:up first`);
  // Box calls hang for a moment before a worker's kill, so that the kill finds activities in flight.
  const hang = control === undefined ? undefined : await control.addFault({ kind: 'timeout', percent: 100 });
  if (hang !== undefined) await sleep(HANG_BEFORE_KILL_MS);
  process.kill(recorded.pid, 'SIGKILL');
  const killedAt = Date.now();
  if (hang !== undefined) await control?.removeFault(hang.id);
  const inFlight = name.startsWith('worker-')
    ? inFlightActivities(client, workflowIds, killedAt, recorded.pid)
    : undefined;
  await sleep(RESTART_DELAY_MS);
  const next = nextCompletion(client, killedAt);
  await clusterUp(() => undefined);
  const backS = (Date.now() - killedAt) / 1000;
  const activities = inFlight ? await recoveries(client, await inFlight, killedAt, WATCH_MS) : undefined;
  const nextCompletionS = await next;
  const detail = activities ? recoveryFigure(activities, WATCH_MS / 1000) : '';
  return { fault: `kill -9 ${name} (pid ${recorded.pid})`, backS, nextCompletionS, activities, detail };
}

/** PostgreSQL stopped without a checkpoint (pg_ctl restart -m immediate): crash recovery, every connection cut. */
export async function restartPostgres(client: Client): Promise<FaultRecovery> {
  const at = Date.now();
  const next = nextCompletion(client, at);
  restartPostgresImmediately(pgBinDir(() => undefined));
  const pgBackS = (Date.now() - at) / 1000;
  while (!(await visibilityAnswers(client))) await sleep(250);
  const backS = (Date.now() - at) / 1000;
  return {
    fault: 'pg_ctl restart -m immediate',
    backS,
    nextCompletionS: await next,
    detail: `PostgreSQL accepting connections after ${pgBackS.toFixed(1)} s`,
  };
}

async function visibilityAnswers(client: Client): Promise<boolean> {
  try {
    await client.workflow.count("ExecutionStatus = 'Running'");
    return true;
  } catch {
    return false;
  }
}

/** Seconds from `since` until the first sign request that closed after it (visibility's close time). */
async function nextCompletion(client: Client, since: number): Promise<number | null> {
  const deadline = since + WATCH_MS;
  const query = `ExecutionStatus = 'Completed' AND CloseTime > '${new Date(since).toISOString()}'`;
  while (Date.now() < deadline) {
    try {
      const closed: number[] = [];
      for await (const workflow of client.workflow.list({ query, pageSize: 20 })) {
        if (workflow.closeTime !== undefined) closed.push(workflow.closeTime.getTime());
        if (closed.length >= 20) break;
      }
      if (closed.length > 0) return (Math.min(...closed) - since) / 1000;
    } catch {
      // the frontend or PostgreSQL is still coming back
    }
    await sleep(500);
  }
  return null;
}
