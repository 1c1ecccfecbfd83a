import type { PollingPolicy } from '../contracts';
import type { EmulatorRequestView } from 'box-sign-emulator';
import { sleep } from '../scripts/processes';
import type { BenchStack } from './bench-stack';
import type { CallbackFigures } from './callback-figures';
import { callbackFigures } from './callback-figures';
import type { Percentiles } from './metrics';
import { peakPerMinute, percentiles, RssSampler } from './metrics';
import type { Mode, ModeName } from './policies';
import { startRequests } from './requests';
import { signWhenSent } from './signers';
import type { WorkflowFigures } from './workflow-figures';
import {
  completedPerSecond,
  describeAll,
  detectionLatenciesMs,
  historyEvents,
  lastSignatureByWorkflow,
  waitUntilAllClosed,
} from './workflow-figures';

export interface ModeResult {
  mode: ModeName;
  label: string;
  polling: PollingPolicy;
  requests: number;
  completed: number;
  boxCalls: { total: number; perRequest: number; creates: number; gets: number; other: number };
  /** The busiest 60 seconds: Box allows 1000 GETs a minute per user. */
  peakBoxCallsPerMinute: number;
  /**
   * Emulator time of the last signature → workflow completion. In webhook mode the workflow completes once its
   * completion callback is delivered, so this includes that delivery.
   */
  detectionLatencyMs: Percentiles;
  /**
   * Webhook mode only, the same latency in two legs: signature → the receiver's 2xx for the ending event (Box's
   * finalizing, the delivery, verification, the signal accepted by Temporal), then → workflow completion.
   */
  webhookLegsMs?: { toSignalAccepted: Percentiles; toCompletion: Percentiles };
  /** Webhook mode only: signature → the business system's receipt of the verified completion callback. */
  callbacks?: CallbackFigures;
  historyEvents: { mean: number; max: number };
  completedPerSecond: number;
  peakWorkerRssBytes: number;
  durationS: number;
  signerErrors: number;
}

/**
 * One mode on the shared workload: N requests started together, signer i signing `signAtMs[i]` after the window
 * opens (see `settled`); measured from the emulator's call log and signature times, and Temporal's close times and histories.
 */
export async function runLatencyMode(
  stack: BenchStack,
  mode: Mode,
  signAtMs: number[],
  taskQueue: string,
  say: (line: string) => void,
): Promise<ModeResult> {
  const { client, control } = stack;
  await stack.resetEmulator(mode.webhooks);
  stack.callbacks.receiver.reset();
  const worker = await stack.startWorker(taskQueue);
  const rss = new RssSampler(worker.pid ?? -1);
  const started = Date.now();
  const deadline = started + Math.max(...signAtMs) + 20 * 60_000;
  const signers = await startRequests(client, taskQueue, signAtMs.length, mode.polling, {
    sealing: stack.sealing,
    ...(mode.callbacks ? { callbacks: stack.callbacks } : {}),
  });
  await settled(stack, signers.length, deadline);
  const windowOpens = Date.now();
  say(`${mode.name}: ${signers.length} requests created in ${((windowOpens - started) / 1000).toFixed(1)} s`);
  let signerErrors = 0;
  await Promise.all(
    signers.map(async (signer, i) => {
      await sleep(Math.max(0, windowOpens + (signAtMs[i] ?? 0) - Date.now()));
      await signWhenSent(control, signer, deadline).catch(() => (signerErrors += 1));
    }),
  );
  say(`${mode.name}: every signer has signed; waiting for the workflows`);
  await waitUntilAllClosed(client, taskQueue, deadline);
  const durationS = (Date.now() - started) / 1000;
  const peakWorkerRssBytes = rss.stop();
  await worker.stop();

  const stats = await control.stats();
  const calls = await control.calls();
  const views = await control.requests();
  const workflowIds = signers.map((s) => s.workflowId);
  const figures = await describeAll(client, workflowIds);
  const lastSignature = lastSignatureByWorkflow(views);
  const { timed, latencies } = detectionLatenciesMs(figures, lastSignature);
  const webhookLegsMs = mode.webhooks ? await webhookLegs(stack, views, timed, lastSignature) : undefined;
  const callbacks = mode.callbacks ? callbackFigures(stack.callbacks.receiver, workflowIds, lastSignature) : undefined;
  const creates = calls.filter((c) => c.method === 'POST' && c.path === '/2.0/sign_requests').length;
  const gets = calls.filter((c) => c.method === 'GET').length;
  return {
    mode: mode.name,
    label: mode.label,
    polling: mode.polling,
    requests: signers.length,
    completed: figures.filter((f) => f.status === 'COMPLETED').length,
    boxCalls: {
      total: stats.calls,
      perRequest: stats.calls / signers.length,
      creates,
      gets,
      other: stats.calls - creates - gets,
    },
    peakBoxCallsPerMinute: peakPerMinute(calls.map((c) => Date.parse(c.at))),
    detectionLatencyMs: percentiles(latencies),
    ...(webhookLegsMs ? { webhookLegsMs } : {}),
    ...(callbacks ? { callbacks } : {}),
    historyEvents: historyEvents(figures),
    completedPerSecond: completedPerSecond(figures),
    peakWorkerRssBytes,
    durationS,
    signerErrors,
  };
}

/**
 * The signers' window opens once every request exists on Box (and one more second): a signature is then timed
 * against a worker in its steady state, not one still busy creating N requests (the throughput run measures that).
 * Not "once polled": each mode's first check comes one initial interval after creation (5 s, 60 s, 5 min), and the
 * window must open at the same time after creation in every mode for the workload to be the same.
 */
async function settled(stack: BenchStack, count: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const calls = await stack.control.calls();
    const creates = calls.filter((c) => c.method === 'POST' && c.path === '/2.0/sign_requests').length;
    if (creates >= count) return sleep(1_000);
    await sleep(250);
  }
}

/** When the receiver answered 2xx to each request's ending event (the delivery log's time of the answer). */
async function webhookLegs(
  stack: BenchStack,
  views: EmulatorRequestView[],
  timed: WorkflowFigures[],
  lastSignature: Map<string, number>,
): Promise<ModeResult['webhookLegsMs']> {
  const workflowOf = new Map(views.map((v) => [v.sign_request.id, v.sign_request.external_id ?? '']));
  const accepted = new Map<string, number>();
  for (const d of await stack.control.webhookDeliveries()) {
    if (d.status < 200 || d.status >= 300 || d.sign_request_id === null) continue;
    const workflowId = workflowOf.get(d.sign_request_id);
    if (workflowId !== undefined && !accepted.has(workflowId)) accepted.set(workflowId, Date.parse(d.at));
  }
  const legs = timed.filter((f) => accepted.has(f.workflowId));
  return {
    toSignalAccepted: percentiles(
      legs.map((f) => (accepted.get(f.workflowId) ?? 0) - (lastSignature.get(f.workflowId) ?? 0)),
    ),
    toCompletion: percentiles(legs.map((f) => (f.closeMs ?? 0) - (accepted.get(f.workflowId) ?? 0))),
  };
}
