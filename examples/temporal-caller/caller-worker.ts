import type { DataConverter } from '@temporalio/common';
import type { NativeConnection } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';

export interface CallerWorkerOptions {
  connection: NativeConnection;
  /** The caller's own namespace (listed in the box-sign workers' BOX_SIGN_NEXUS_CALLER_NAMESPACES). */
  namespace: string;
  taskQueue: string;
  /** Opens what box-sign's workers write (its payload codec): the operation's result is encoded by them. */
  dataConverter: DataConverter;
}

/** The caller's worker: its own workflows only; box-sign runs in its own namespace, reached through the endpoint. */
export function createCallerWorker(options: CallerWorkerOptions): Promise<Worker> {
  return Worker.create({
    ...options,
    workflowsPath: require.resolve('./workflows'),
  });
}
