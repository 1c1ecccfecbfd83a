import type { NativeConnection } from '@temporalio/worker';
import type { BoxStartupStatus } from '../box/startup-check';
import type { ReadinessCheck } from '../http/health';
import type { SignWorker } from './sign-worker';

const TEMPORAL_TIMEOUT_MS = 2_000;

/**
 * The worker's /readyz: Box accepted its credentials (at start-up, or at a later check when Box was unreachable), both Temporal workers run (the SDK's RUNNING
 * state: polling their task queues; a worker whose polls keep failing leaves it), and Temporal answers now.
 */
export class WorkerReadiness {
  private box: BoxStartupStatus | undefined;
  private running: { worker: SignWorker; connection: NativeConnection } | undefined;

  boxChecked(status: BoxStartupStatus): void {
    this.box = status;
  }

  workerRunning(worker: SignWorker, connection: NativeConnection): void {
    this.running = { worker, connection };
  }

  readonly check: ReadinessCheck = async () => {
    if (this.box === undefined) return 'checking the Box credentials (start-up check)';
    const boxProblem = this.box.problem();
    if (boxProblem !== null) return boxProblem;
    if (this.running === undefined) return 'not connected to Temporal yet';
    const { worker, connection } = this.running;
    const states = worker.getState();
    if (states.some((state) => state !== 'RUNNING')) return `the Temporal workers are ${states.join(', ')}`;
    try {
      await connection.withDeadline(Date.now() + TEMPORAL_TIMEOUT_MS, () =>
        connection.workflowService.getSystemInfo({}),
      );
    } catch {
      return 'Temporal did not answer';
    }
    return null;
  };
}
