import { isCancellation } from '@temporalio/workflow';
import type { EventSource } from './callback-events';
import type { CompletionCallbacks } from './completion-callbacks';
import type { EvidencePhase } from './evidence-phase';

/**
 * The outcome's callback, and the evidence's place around it: the outcome event waits for the documents up to the
 * input's `evidence.wait`; past it, it goes without them, and `sign_request.documents_ready` follows once they are
 * collected. Without a callback the workflow only waits for the evidence (its result carries the documents).
 * A Temporal cancellation meanwhile never takes the outcome away (see deliverKnownOutcome): the outcome event still
 * goes out, without waiting any longer for documents.
 */
export async function deliverWithEvidence(
  evidence: EvidencePhase,
  callbacks: CompletionCallbacks | null,
  source: () => EventSource,
): Promise<void> {
  if (!callbacks) {
    await untilCancelled(() => evidence.settle());
    return;
  }
  const inTime = await untilCancelled(() => evidence.waitBeforeOutcome());
  await callbacks.deliverKnownOutcome(source());
  if (inTime !== false) return;
  if ((await untilCancelled(() => evidence.settle())) === true) await callbacks.deliverDocumentsReady(source());
}

/** The wait's answer, or `'cancelled'` when the workflow was cancelled in Temporal meanwhile. */
async function untilCancelled<T>(wait: () => Promise<T>): Promise<T | 'cancelled'> {
  try {
    return await wait();
  } catch (err) {
    if (isCancellation(err)) return 'cancelled';
    throw err;
  }
}
