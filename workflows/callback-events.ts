import type { OptionalCallbackEvent, OutcomeCallbackEvent } from '../contracts/callback';
import type { CallbackEvent, CallbackEventData, CallbackFailure, CallbackSigner } from '../contracts/callback-delivery';
import type { SignRequestInput } from '../contracts/sign-request-input';
import type { SignRequestSnapshot, SignRequestState } from '../contracts/sign-request-state';
import type { SignerDecision } from '../contracts/sign-request-status';
import { verificationOf } from '../contracts/signer-verification';
import type { JourneyStep } from './signer-journey';

/**
 * The completion callback's events, built from what the workflow knows. Only fields the caller gave or Box
 * returned about the request: emails, decisions, times, ids, the checks each signer had to pass — never a password
 * or a phone number (only masked).
 */

export interface EventSource {
  input: SignRequestInput;
  state: SignRequestState;
  /** Box's latest view of the request; null when it was never created. */
  snapshot: SignRequestSnapshot | null;
  workflowId: string;
}

export function outcomeEvent(
  source: EventSource,
  outcome: CallbackEventData['outcome'] & string,
  failure: CallbackFailure | null = null,
): CallbackEvent {
  const type: OutcomeCallbackEvent = `sign_request.${outcome}`;
  return {
    type,
    timestamp: new Date().toISOString(),
    data: { ...requestData(source), outcome, failure, ...evidenceData(source.state) },
  };
}

/** The evidence, in runs that collect it (absent otherwise, so older runs' events are unchanged). */
function evidenceData(state: SignRequestState): Partial<CallbackEventData> {
  const result = state.result;
  if (!state.evidence || !result) return {};
  return {
    documents: result.documents ?? [],
    evidence: state.evidence,
    shortId: result.shortId ?? null,
    signerEvidence: result.signerEvidence ?? [],
  };
}

/** The documents that missed the outcome event, with the outcome they belong to. */
export function documentsReadyEvent(source: EventSource): CallbackEvent {
  const outcome = source.state.outcome ?? 'failed';
  return {
    type: 'sign_request.documents_ready',
    timestamp: new Date().toISOString(),
    data: { ...requestData(source), outcome, ...evidenceData(source.state) },
  };
}

export function signerEvent(source: EventSource, signerIndex: number, decision: SignerDecision): CallbackEvent {
  const type: OptionalCallbackEvent = `signer.${decision}`;
  const data = requestData(source);
  return { type, timestamp: new Date().toISOString(), data: { ...data, signer: data.signers[signerIndex] } };
}

/**
 * A step of a signer's journey: signer.invited carries the signer's embed URLs from Box's latest view (fresh, for a
 * business system that sends the link through its own channel), signer.email_bounced when it was heard of.
 */
export function journeyEvent(source: EventSource, step: JourneyStep): CallbackEvent {
  const data = requestData(source);
  const signer: CallbackSigner = { ...data.signers[step.signer]! };
  if (step.type === 'signer.invited') {
    const email = signer.email.toLowerCase();
    const fromBox = source.snapshot?.signers.find((s) => s.email.toLowerCase() === email);
    signer.embedUrl = fromBox?.embedUrl ?? null;
    signer.iframeableEmbedUrl = fromBox?.iframeableEmbedUrl ?? null;
  }
  if (step.bounce) signer.bouncedAt = step.bounce.at;
  return { type: step.type, timestamp: new Date().toISOString(), data: { ...data, signer } };
}

/** A reissue made a new round: the new Box request, its round and every earlier one (the corrected signers). */
export function reissuedEvent(source: EventSource): CallbackEvent {
  const { state } = source;
  return {
    type: 'sign_request.reissued',
    timestamp: new Date().toISOString(),
    data: {
      ...requestData(source),
      round: state.round ?? 1,
      previousSignRequestIds: state.previousSignRequestIds ?? [],
    },
  };
}

/** The signers the caller asked for, in their order, with their decision so far (matched by email). */
export function callbackSigners({ input, state }: EventSource): CallbackSigner[] {
  const byEmail = new Map(state.signers.map((s) => [s.email.toLowerCase(), s]));
  return input.signers.map((signer) => {
    const { email } = signer;
    const known = byEmail.get(email.toLowerCase());
    const decision = known?.progress === 'signed' || known?.progress === 'declined' ? known.progress : null;
    return {
      email,
      role: known?.role ?? 'signer',
      order: known?.order ?? 0,
      decision,
      decidedAt: known?.decidedAt ?? null,
      verification: verificationOf(signer),
    };
  });
}

function requestData(source: EventSource): CallbackEventData {
  const { state, snapshot, workflowId } = source;
  return {
    businessKey: state.businessKey,
    workflowId,
    signRequestId: state.signRequestId,
    outcome: null,
    status: state.boxStatus,
    signers: callbackSigners(source),
    // Only what was signed is called signed: a cancelled request's working copies are not.
    signedFileIds: snapshot?.status === 'signed' ? snapshot.signedFileIds : [],
    signingLogFileId: snapshot?.signingLogFileId ?? null,
    finishedAt: snapshot?.finishedAt ?? null,
    cancellation: state.cancellation,
    failure: null,
  };
}
