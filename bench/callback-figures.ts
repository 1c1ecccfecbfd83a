import type { BenchCallbackReceiver, CallbackReceiverCounts } from './callback-receiver';
import type { Percentiles } from './metrics';
import { percentiles } from './metrics';

/** Webhook mode's way out: how soon the business system heard of each signature, through its callback. */
export interface CallbackFigures {
  /** Requests started with a callback. */
  expected: number;
  /** Of them, those whose outcome event arrived and verified. */
  delivered: number;
  /** Emulator time of the last signature → the receiver's time of the outcome event (delivered requests only). */
  latencyMs: Percentiles;
  /** The last leg of it: the workflow raised the event (its `timestamp`) → received. */
  raisedToReceivedMs: Percentiles;
  /** Outcome events received, by type (every one should be `sign_request.signed`). */
  outcomes: Record<string, number>;
  receiver: CallbackReceiverCounts;
}

export function callbackFigures(
  receiver: BenchCallbackReceiver,
  workflowIds: string[],
  lastSignature: Map<string, number>,
): CallbackFigures {
  const latencies: number[] = [];
  const lastLegs: number[] = [];
  const outcomes: Record<string, number> = {};
  let delivered = 0;
  for (const workflowId of workflowIds) {
    const receipt = receiver.outcome(workflowId);
    if (receipt === undefined) continue;
    delivered += 1;
    outcomes[receipt.type] = (outcomes[receipt.type] ?? 0) + 1;
    lastLegs.push(receipt.receivedAtMs - receipt.raisedAtMs);
    const signedAt = lastSignature.get(workflowId);
    if (signedAt !== undefined) latencies.push(receipt.receivedAtMs - signedAt);
  }
  return {
    expected: workflowIds.length,
    delivered,
    latencyMs: percentiles(latencies),
    raisedToReceivedMs: percentiles(lastLegs),
    outcomes,
    receiver: receiver.counts(),
  };
}

/** The one machine-readable line: `callbacks: p50_s=0.412 p95_s=0.498 p99_s=0.530 delivered=200 of 200`. */
export function callbacksLine(figures: CallbackFigures): string {
  const s = (ms: number) => (Number.isNaN(ms) ? 'n/a' : (ms / 1000).toFixed(3));
  const { p50, p95, p99 } = figures.latencyMs;
  return `callbacks: p50_s=${s(p50)} p95_s=${s(p95)} p99_s=${s(p99)} delivered=${figures.delivered} of ${figures.expected}`;
}
