import type { CreatedSignRequest } from '../contracts/messages';
import type { VerificationRequirement } from '../contracts/evidence';
import type { SignRequestInput, SignerInput } from '../contracts/sign-request-input';
import { verificationOf } from '../contracts/signer-verification';
import type {
  CancellationInfo,
  SignRequestResult,
  SignRequestSnapshot,
  SignRequestState,
  SignerProgress,
  SignerSnapshot,
  SignerState,
  StatusCheck,
} from '../contracts/sign-request-state';
import type { SignRequestOutcome } from '../contracts/sign-request-status';
import { RESEND_COOL_DOWN_MS } from '../contracts/box-rules';

/** Pure transitions of the workflow's state object; the workflow function only sequences them. */

export function initialState(input: SignRequestInput): SignRequestState {
  return {
    businessKey: typeof input?.businessKey === 'string' ? input.businessKey : '',
    phase: 'validating',
    signRequestId: null,
    boxStatus: null,
    signers: [],
    prepareUrl: null,
    sentAt: null,
    lastCheckedAt: null,
    nextCheckAt: null,
    statusChanges: 0,
    polls: 0,
    boxEvents: 0,
    resends: { done: 0, lastAt: null, nextAllowedAt: null },
    reminders: { sent: 0, nextAt: null },
    deadlineAt: typeof input?.deadline === 'string' ? new Date(input.deadline).toISOString() : null,
    sender: stateSender(input),
    cancellation: null,
    outcome: null,
    failure: null,
    failureType: null,
    result: null,
    callback: null,
    run: 1,
  };
}

/** state.sender: read before the input is validated, so a sender that is not a string is none (null). */
export function stateSender(input: SignRequestInput): string | null {
  const sender: unknown = (input as { sender?: { boxUserId?: unknown } } | undefined)?.sender;
  const id = typeof sender === 'object' && sender !== null ? (sender as { boxUserId?: unknown }).boxUserId : undefined;
  return typeof id === 'string' ? id : null;
}

/**
 * `checkedAt` is when Box was asked (the activity's clock, for display); the resend cool-down is kept on the
 * workflow's clock, `observedAt`, like every other time the workflow compares.
 */
export function applySnapshot(
  state: SignRequestState,
  snapshot: SignRequestSnapshot,
  checkedAt: string,
  observedAt: string = checkedAt,
  input?: SignRequestInput,
): void {
  state.signRequestId = snapshot.signRequestId;
  state.boxStatus = snapshot.status;
  state.signers = snapshot.signers.map((signer) => {
    const asked = signerState(signer, snapshot, state.signers, observedAt);
    const required = input === undefined ? undefined : requiredOf(input, signer.email);
    return required === undefined ? asked : { ...asked, verification: required };
  });
  state.prepareUrl = snapshot.prepareUrl;
  state.lastCheckedAt = checkedAt;
  state.statusChanges += 1;
  if (state.sentAt === null && !['converting', 'created'].includes(snapshot.status)) {
    // The first time the request is seen sent starts Box's resend cool-down (never earlier than Box's own clock).
    state.sentAt = observedAt;
    state.resends.nextAllowedAt = plusMs(observedAt, RESEND_COOL_DOWN_MS);
  }
}

export function applyStatusCheck(
  state: SignRequestState,
  check: StatusCheck,
  observedAt: string,
  input?: SignRequestInput,
): void {
  applySnapshot(state, check.snapshot, check.checkedAt, observedAt, input);
  state.polls += check.polls;
}

export function recordResend(state: SignRequestState, at: string): void {
  state.resends.done += 1;
  state.resends.lastAt = at;
  state.resends.nextAllowedAt = plusMs(at, RESEND_COOL_DOWN_MS);
}

export function recordCancellation(state: SignRequestState, cancellation: CancellationInfo): void {
  state.cancellation = cancellation;
}

/** The last moment anything happened: a send, a resend, or a signer's decision. Reminders count from it. */
export function lastActivityAt(state: SignRequestState): string | null {
  const times = [state.sentAt, state.resends.lastAt, ...state.signers.map((s) => s.decidedAt)].filter(
    (t): t is string => t !== null,
  );
  return times.length === 0 ? null : times.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
}

export function plusMs(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

function signerState(
  signer: SignerSnapshot,
  snapshot: SignRequestSnapshot,
  previous: SignerState[],
  observedAt: string,
): SignerState {
  const before = previous.find((p) => p.email.toLowerCase() === signer.email.toLowerCase());
  const progress = signerProgress(signer, snapshot);
  return {
    email: signer.email,
    role: signer.role,
    order: signer.order,
    progress,
    viewedAt: before?.viewedAt ?? (signer.hasViewedDocument ? observedAt : null),
    decidedAt: signer.decidedAt,
    decisionNote: signer.decisionNote,
  };
}

/** Box invites signers by order: a signer is invited once everyone with a lower order has signed. */
function signerProgress(signer: SignerSnapshot, snapshot: SignRequestSnapshot): SignerProgress {
  if (signer.decision !== null) return signer.decision;
  if (signer.hasViewedDocument) return 'viewed';
  if (signer.role === 'final_copy_reader') return 'waiting';
  const open = ['sent', 'viewed'].includes(snapshot.status);
  const earlierPending = snapshot.signers.some(
    (other) => other.role !== 'final_copy_reader' && other.order < signer.order && other.decision !== 'signed',
  );
  return open && !earlierPending ? 'invited' : 'waiting';
}

/** What the input's signer of this email must pass (the phone masked); undefined for a signer Box added. */
function requiredOf(input: SignRequestInput, email: string): VerificationRequirement[] | undefined {
  const signers: unknown = input?.signers;
  if (!Array.isArray(signers)) return undefined;
  const signer = (signers as SignerInput[]).find(
    (s) => typeof s?.email === 'string' && s.email.toLowerCase() === email.toLowerCase(),
  );
  return signer === undefined ? undefined : verificationOf(signer);
}

/** The signers the caller asked for, in their order, with Box's decision for each (matched by email). */
export function buildResult(
  input: SignRequestInput,
  snapshot: SignRequestSnapshot,
  outcome: SignRequestOutcome,
  cancellation: CancellationInfo | null,
): SignRequestResult {
  const byEmail = new Map<string, SignerSnapshot>(snapshot.signers.map((s) => [s.email.toLowerCase(), s]));
  return {
    businessKey: input.businessKey,
    signRequestId: snapshot.signRequestId,
    outcome,
    status: snapshot.status,
    signers: input.signers.map(({ email }) => {
      const signer = byEmail.get(email.toLowerCase());
      return {
        email,
        role: signer?.role ?? 'signer',
        order: signer?.order ?? 0,
        decision: signer?.decision ?? null,
        decidedAt: signer?.decidedAt ?? null,
        decisionNote: signer?.decisionNote ?? null,
        verification: requiredOf(input, email) ?? [],
      };
    }),
    // Only what was signed is called signed: a cancelled request's working copies are not.
    signedFileIds: outcome === 'signed' ? snapshot.signedFileIds : [],
    signingLogFileId: snapshot.signingLogFileId,
    prepareUrl: snapshot.prepareUrl,
    finishedAt: snapshot.finishedAt,
    cancellation,
    callback: null,
  };
}

/** The `created` update's answer: the Box id and, per signer the caller asked for, Box's embed URL (by email). */
export function createdAnswer(input: SignRequestInput, snapshot: SignRequestSnapshot): CreatedSignRequest {
  const byEmail = new Map<string, SignerSnapshot>(snapshot.signers.map((s) => [s.email.toLowerCase(), s]));
  return {
    signRequestId: snapshot.signRequestId,
    status: snapshot.status,
    prepareUrl: snapshot.prepareUrl,
    signers: input.signers.map(({ email }) => ({
      email,
      embedUrl: byEmail.get(email.toLowerCase())?.embedUrl ?? null,
    })),
  };
}
