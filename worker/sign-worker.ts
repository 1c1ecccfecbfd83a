import type { State, Worker } from '@temporalio/worker';
import type { WorkerVersioning } from '../deployment/worker-version';

/** The Temporal workers of one sign-request worker process, run and stopped together, all of one version. */
export class SignWorker {
  constructor(
    private readonly workers: Worker[],
    /** The Worker Deployment version its task queues poll as. */
    readonly versioning: WorkerVersioning,
  ) {}

  /** Resolves once every worker has drained; if one fails, the others are stopped and the failure is thrown. */
  async run(): Promise<void> {
    const results = await Promise.allSettled(
      this.workers.map((worker) =>
        worker.run().catch((err: unknown) => {
          this.shutdown();
          throw err;
        }),
      ),
    );
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Starts a graceful shutdown of every worker still running (SIGINT/SIGTERM do the same through the Runtime). */
  shutdown(): void {
    for (const worker of this.workers) {
      if (worker.getState() === 'RUNNING') worker.shutdown();
    }
  }

  getState(): State[] {
    return this.workers.map((worker) => worker.getState());
  }
}
