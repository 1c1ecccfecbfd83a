import type { EventSource } from './callback-events';
import type { CompletionCallbacks } from './completion-callbacks';
import type { EvidencePhase } from './evidence-phase';

/**
 * The outcome's callback, and the evidence's place around it: the outcome event waits for the documents up to the
 * input's `evidence.wait`; past it, it goes without them, and `sign_request.documents_ready` follows once they are
 * collected. Without a callback the workflow only waits for the evidence (its result carries the documents).
 */
export async function deliverWithEvidence(
  evidence: EvidencePhase | null,
  callbacks: CompletionCallbacks | null,
  source: () => EventSource,
): Promise<void> {
  if (!callbacks) {
    await evidence?.settle();
    return;
  }
  const inTime = evidence ? await evidence.waitBeforeOutcome() : true;
  await callbacks.deliverOutcome(source());
  if (inTime || !evidence) return;
  if (await evidence.settle()) await callbacks.deliverDocumentsReady(source());
}
