import { NativeConnection, Worker } from '@temporalio/worker';
import { createDataConverter } from '../config/data-converter';
import { loadPayloadProtection } from '../encryption/key-config';
import { baselineActivities } from './baseline-activities';

/**
 * `node lib/bench/baseline-worker.js`: the baseline workflow's worker, a process of its own like the real worker,
 * with the same data converter (payload encryption) and activity concurrency. TEMPORAL_ADDRESS, BENCH_TASK_QUEUE
 * and the encryption variables configure it.
 */
async function main(): Promise<void> {
  const taskQueue = process.env.BENCH_TASK_QUEUE;
  if (!taskQueue) throw new Error('BENCH_TASK_QUEUE is required');
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS ?? 'localhost:7233' });
  try {
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowsPath: require.resolve('./workflows'),
      activities: baselineActivities,
      dataConverter: createDataConverter(loadPayloadProtection()),
      maxConcurrentActivityTaskExecutions: 100,
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
