import { NativeConnection, Worker } from '@temporalio/worker';
import { createDataConverter } from '../config/data-converter';
import { loadPayloadProtection } from '../encryption/key-config';
import { EAGER_ACTIVITY_RESERVATIONS_PER_WORKFLOW_TASK } from '../worker/eager-activities';
import { baselineActivities } from './baseline-activities';

/**
 * `node lib/bench/baseline-worker.js`: the baseline workflow's worker, a process of its own like the real worker,
 * with the same data converter (payload encryption), activity concurrency, workflow cache size and eager setting, so
 * that its CPU per request compares like for like. TEMPORAL_ADDRESS, BENCH_TASK_QUEUE, WORKER_MAX_CACHED_WORKFLOWS
 * (the sign-request worker's variable and value) and the encryption variables configure it.
 */
async function main(): Promise<void> {
  const taskQueue = process.env.BENCH_TASK_QUEUE;
  if (!taskQueue) throw new Error('BENCH_TASK_QUEUE is required');
  const maxCachedWorkflows = Number(process.env.WORKER_MAX_CACHED_WORKFLOWS);
  if (!Number.isInteger(maxCachedWorkflows) || maxCachedWorkflows < 2) {
    throw new Error('WORKER_MAX_CACHED_WORKFLOWS is required (an integer ≥ 2, the sign-request worker’s value)');
  }
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS ?? 'localhost:7233' });
  try {
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowsPath: require.resolve('./workflows'),
      activities: baselineActivities,
      dataConverter: createDataConverter(loadPayloadProtection()),
      maxConcurrentActivityTaskExecutions: 100,
      maxCachedWorkflows,
      maxEagerActivityReservationsPerWorkflowTask: EAGER_ACTIVITY_RESERVATIONS_PER_WORKFLOW_TASK,
      shutdownGraceTime: 2_000,
    });
    await worker.run();
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`baseline worker failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
