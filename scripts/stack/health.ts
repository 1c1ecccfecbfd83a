import { Connection } from '@temporalio/client';
import { READINESS_PATH } from '../../http/health';
import { processState } from '../process-state';
import { sleep, stopProcess } from '../processes';
import { workerPolls } from '../worker-pollers';
import type { StackInfo } from './info';
import { COMMANDS } from './state';

/** How long a worker that is alive but not polling may still be starting before it is restarted. */
const WORKER_START_GRACE_MS = 20_000;

export async function temporalReady(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    await connection.workflowService.getSystemInfo({});
    return true;
  } finally {
    await connection.close();
  }
}

export async function codecHealthy(info: StackInfo): Promise<boolean> {
  const response = await fetch(`${info.codecUrl}/health`, { signal: AbortSignal.timeout(1000) });
  return response.ok;
}

export async function receiverHealthy(info: StackInfo): Promise<boolean> {
  const response = await fetch(new URL(READINESS_PATH, info.webhookReceiverUrl), { signal: AbortSignal.timeout(1000) });
  return response.ok;
}

export async function apiHealthy(info: StackInfo): Promise<boolean> {
  const response = await fetch(`${info.apiUrl}${READINESS_PATH}`, { signal: AbortSignal.timeout(3000) });
  return response.ok;
}

/** The worker process `pid` polls both task queues, and its /readyz (Box credentials, Temporal) says ready. */
export async function workerReady(info: StackInfo, pid: number): Promise<boolean> {
  if (!(await workerPolls(info.temporalAddress, info.namespace, info.taskQueue, pid))) return false;
  const response = await fetch(`${info.workerMetricsUrl}${READINESS_PATH}`, { signal: AbortSignal.timeout(3000) });
  return response.ok;
}

/**
 * A worker must also poll: one alive but not polling its task queues (hung, or lost its connection) gets a moment in
 * case it is still starting, then is stopped, saying so.
 */
export function workerPollsOrIsStopped(info: StackInfo, log: (line: string) => void) {
  return async (pid: number): Promise<boolean> => {
    const deadline = Date.now() + WORKER_START_GRACE_MS;
    while (Date.now() < deadline && processState(pid, COMMANDS.worker) === 'running') {
      if (await workerReady(info, pid).catch(() => false)) return true;
      await sleep(1_000);
    }
    log(`worker (pid ${pid}) is not polling task queue ${info.taskQueue}: restarting it`);
    await stopProcess(pid, 5_000);
    return false;
  };
}
