import type {
  SignRequestOutcome,
  SignRequestResult,
  SignRequestSnapshot,
  SignRequestState,
  SignerSnapshot,
  StatusCheck,
} from '../contracts';

/** Pure transitions of the workflow's state object; the workflow function only sequences them. */

export function initialState(businessKey: string): SignRequestState {
  return {
    businessKey,
    phase: 'validating',
    signRequestId: null,
    boxStatus: null,
    signers: [],
    prepareUrl: null,
    lastCheckedAt: null,
    statusChanges: 0,
    polls: 0,
    outcome: null,
    failure: null,
  };
}

export function applySnapshot(state: SignRequestState, snapshot: SignRequestSnapshot, checkedAt: string): void {
  state.signRequestId = snapshot.signRequestId;
  state.boxStatus = snapshot.status;
  state.signers = snapshot.signers;
  state.prepareUrl = snapshot.prepareUrl;
  state.lastCheckedAt = checkedAt;
  state.statusChanges += 1;
}

export function applyStatusCheck(state: SignRequestState, check: StatusCheck): void {
  applySnapshot(state, check.snapshot, check.checkedAt);
  state.polls += check.polls;
}

/** The signers the caller asked for, in their order, with Box's decision for each (matched by email). */
export function buildResult(
  businessKey: string,
  requestedEmails: string[],
  snapshot: SignRequestSnapshot,
  outcome: SignRequestOutcome,
): SignRequestResult {
  const byEmail = new Map<string, SignerSnapshot>(snapshot.signers.map((s) => [s.email.toLowerCase(), s]));
  return {
    businessKey,
    signRequestId: snapshot.signRequestId,
    outcome,
    status: snapshot.status,
    signers: requestedEmails.map((email) => {
      const signer = byEmail.get(email.toLowerCase());
      return {
        email,
        role: signer?.role ?? 'signer',
        order: signer?.order ?? 0,
        decision: signer?.decision ?? null,
        decidedAt: signer?.decidedAt ?? null,
        decisionNote: signer?.decisionNote ?? null,
      };
    }),
    signedFileIds: snapshot.signedFileIds,
    signingLogFileId: snapshot.signingLogFileId,
    prepareUrl: snapshot.prepareUrl,
    finishedAt: snapshot.finishedAt,
  };
}
