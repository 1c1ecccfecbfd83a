import { condition, isCancellation, log, patched } from '@temporalio/workflow';
import type { CollectedEvidence, EvidenceDocumentKind, EvidenceState, SignerEvidence } from '../contracts/evidence';
import { EVIDENCE_DEFAULTS, EVIDENCE_PATCH } from '../contracts/evidence';
import { parseDurationMs } from '../contracts/durations';
import { verificationOf } from '../contracts/signer-verification';
import { fairnessKeyOf, senderOf } from '../contracts/sender';
import type { SignRequestInput, SignerInput } from '../contracts/sign-request-input';
import type { SignRequestSnapshot, SignRequestState } from '../contracts/sign-request-state';
import { evidenceCollector } from './activity-stubs';

/**
 * Evidence out, after the outcome is known (state.result is set, so the result says signed at once): collects the
 * signed copies, the signing log and the attachments' hashes in the background, lets the outcome callback wait for
 * them up to the input's `evidence.wait`, and, when they come later, says so (`documents_ready`). A failure to collect
 * never changes the outcome: it is recorded in `state.evidence` (what is missing and why). Runs from before this
 * existed (no patch marker) collect nothing.
 */
export class EvidencePhase {
  private settled = false;

  private constructor(
    private readonly input: SignRequestInput,
    private readonly state: SignRequestState,
    private readonly publish: () => void,
  ) {}

  /** Starts the collection for a request that ended with an outcome; null in runs from before evidence existed. */
  static begin(
    input: SignRequestInput,
    state: SignRequestState,
    snapshot: SignRequestSnapshot,
    publish: () => void,
  ): EvidencePhase | null {
    if (!patched(EVIDENCE_PATCH)) return null;
    const phase = new EvidencePhase(input, state, publish);
    phase.start(snapshot);
    return phase;
  }

  /** Waits for the evidence up to the input's `evidence.wait`; true when it settled (collected, failed or none). */
  async waitBeforeOutcome(): Promise<boolean> {
    if (this.settled) return true;
    const waitMs = durationOr(this.input.evidence?.wait, EVIDENCE_DEFAULTS.waitMs);
    const settled = await condition(() => this.settled, waitMs);
    if (!settled && this.state.evidence) {
      this.state.evidence.reason = `not collected within the outcome's wait (${this.input.evidence?.wait ?? '2m'}); still trying: ${this.state.evidence.reason ?? ''}`;
      this.publish();
    }
    return settled;
  }

  /** Waits until the evidence is collected or given up on; true when documents came in. */
  async settle(): Promise<boolean> {
    await condition(() => this.settled);
    return this.state.evidence?.state === 'collected';
  }

  private start(snapshot: SignRequestSnapshot): void {
    const result = this.state.result!;
    const signed = result.outcome === 'signed';
    const sinceMs = Date.now();
    const alertAfterMs = durationOr(this.input.evidence?.alertAfter, EVIDENCE_DEFAULTS.alertAfterMs);
    const missing: EvidenceDocumentKind[] = signed ? ['signed', 'signingLog'] : ['signingLog'];
    result.documents = [];
    result.shortId = null;
    result.signerEvidence = this.input.signers.map((signer) => signerEvidence(signer, null, null));
    const nothing = !signed && snapshot.signingLogFileId === null;
    this.state.evidence = {
      state: nothing ? 'none' : 'collecting',
      missing: nothing ? [] : missing,
      reason: nothing ? 'Box has no signing log for this request' : 'waiting for Box to have the documents ready',
      since: new Date(sinceMs).toISOString(),
      collectedAt: null,
      overdueAt: nothing ? null : new Date(sinceMs + alertAfterMs).toISOString(),
    };
    result.evidence = this.state.evidence;
    if (nothing) {
      this.settled = true;
      return;
    }
    const sender = senderOf(this.input);
    const collect = evidenceCollector(fairnessKeyOf(this.input), EVIDENCE_DEFAULTS.giveUpAfterMs);
    collect({
      signRequestId: snapshot.signRequestId,
      ...(sender === undefined ? {} : { sender }),
      businessKey: this.input.businessKey,
      outcome: result.outcome,
      sinceMs,
      alertAfterMs,
    }).then(
      (collected) => this.collected(collected),
      (err: unknown) => {
        if (isCancellation(err)) return;
        this.failed(err);
      },
    );
  }

  private collected(collected: CollectedEvidence): void {
    const result = this.state.result!;
    const log = collected.documents.find((d) => d.kind === 'signingLog') ?? null;
    result.documents = collected.documents;
    result.shortId = collected.shortId;
    const byEmail = new Map(collected.signers.map((s) => [s.email.toLowerCase(), s]));
    result.signerEvidence = this.input.signers.map((signer) =>
      signerEvidence(signer, byEmail.get(signer.email.toLowerCase()) ?? null, log?.sha256 ?? null),
    );
    Object.assign(this.evidence(), {
      state: 'collected',
      missing: [],
      reason: null,
      collectedAt: new Date().toISOString(),
      overdueAt: null,
    } satisfies Partial<EvidenceState>);
    this.settled = true;
    this.publish();
  }

  private failed(err: unknown): void {
    const message = rootMessage(err);
    log.warn('Evidence not collected', { error: message });
    Object.assign(this.evidence(), { state: 'failed', reason: message } satisfies Partial<EvidenceState>);
    this.settled = true;
    this.publish();
  }

  private evidence(): EvidenceState {
    return this.state.evidence!;
  }
}

/** What a signer gave (from Box) and had to pass (from the input: the phone only masked, never a password). */
function signerEvidence(
  signer: SignerInput,
  fromBox: CollectedEvidence['signers'][number] | null,
  signingLogSha256: string | null,
): SignerEvidence {
  return {
    email: signer.email,
    inputs: fromBox?.inputs ?? [],
    attachments: fromBox?.attachments ?? [],
    iframeableEmbedUrl: fromBox?.iframeableEmbedUrl ?? null,
    verification: verificationOf(signer),
    signingLogSha256,
  };
}

function durationOr(text: string | undefined, fallbackMs: number): number {
  return (text === undefined ? null : parseDurationMs(text)) ?? fallbackMs;
}

function rootMessage(err: unknown): string {
  let current: unknown = err;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
