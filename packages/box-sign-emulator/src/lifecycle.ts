import { isActor, type SignerActivity, type StoredSignRequest, type StoredSigner } from './model';
import { needsCard, needsLogin, verificationPhone } from './verification';

export interface Timings {
  conversionDelayMs: number;
  finalizingDelayMs: number;
}

const FINAL_STATUSES = new Set(['signed', 'declined', 'cancelled', 'expired']);

export const isTerminal = (status: string): boolean => FINAL_STATUSES.has(status) || status.startsWith('error');

/** Statuses in which signers can act and Box allows resend. */
export const isActionable = (status: string): boolean => status === 'sent' || status === 'viewed';

interface DueTransition {
  at: number;
  apply: () => void;
}

/**
 * Applies every time-driven transition that is due by `now`, earliest first, so a clock jump over several
 * deadlines (conversion, then expiry) lands where real time would have. Returns true when anything changed.
 */
export function refresh(req: StoredSignRequest, now: number, timings: Timings): boolean {
  let changed = false;
  for (let due = nextDue(req, timings); due !== undefined && due.at <= now; due = nextDue(req, timings)) {
    due.apply();
    changed = true;
  }
  return changed;
}

function nextDue(req: StoredSignRequest, timings: Timings): DueTransition | undefined {
  const candidates: DueTransition[] = [];
  if (req.status === 'converting') {
    const at = req.converts_at;
    candidates.push({ at, apply: () => finishConversion(req, at, timings) });
  }
  if (req.status === 'finalizing' && req.finalizes_at !== null) {
    const at = req.finalizes_at;
    candidates.push({ at, apply: () => complete(req, at) });
  }
  if (isActionable(req.status)) candidates.push(...scheduledSignatures(req, timings));
  if (!isTerminal(req.status) && req.status !== 'finalizing' && req.auto_expire_at !== null) {
    candidates.push({
      at: req.auto_expire_at,
      apply: () => {
        req.status = 'expired';
      },
    });
  }
  return candidates.sort((a, b) => a.at - b.at)[0];
}

/** When a scheduled signer (see `scheduleSignature`) signs: known once invited; null for everyone else. */
export function scheduledSignatureAt(signer: StoredSigner): number | null {
  const delay = signer.signs_after_invite_ms;
  if (delay === undefined || delay === null || signer.invited_at === null) return null;
  return signer.invited_at + delay;
}

/** Scheduled signers who have been invited and not decided yet. */
function scheduledSignatures(req: StoredSignRequest, timings: Timings): DueTransition[] {
  return req.signers
    .filter((s) => isActor(s) && s.signer_decision === null)
    .flatMap((signer) => {
      const at = scheduledSignatureAt(signer);
      return at === null ? [] : [{ at, apply: () => signAsScheduled(req, signer, at, timings) }];
    });
}

/** The scheduled signer passes whatever verification the request asks for, then signs: exactly at `at`. */
function signAsScheduled(req: StoredSignRequest, signer: StoredSigner, at: number, timings: Timings): void {
  const phone = verificationPhone(signer);
  signer.phone_verified = phone !== null;
  signer.password_verified = signer.password_hash !== null;
  if (signer.password_hash !== null)
    recordActivity(req, { at, email: signer.email, kind: 'verified', method: 'password' });
  if (needsLogin(signer)) {
    signer.logged_in = true;
    recordActivity(req, { at, email: signer.email, kind: 'verified', method: 'login' });
  }
  if (needsCard(signer)) {
    signer.card_presented = true;
    recordActivity(req, { at, email: signer.email, kind: 'verified', method: 'cac_piv' });
  }
  if (phone !== null) {
    const phone_masked = maskPhone(phone);
    recordActivity(req, { at, email: signer.email, kind: 'code_sent', method: 'sms_code', phone_masked });
    recordActivity(req, { at, email: signer.email, kind: 'verified', method: 'sms_code', phone_masked });
  }
  recordSignature(req, signer, at, timings);
}

/** Kept for the signing log (model.ts: SignerActivity). */
export function recordActivity(req: StoredSignRequest, activity: SignerActivity): void {
  (req.activity ??= []).push(activity);
}

/** e.g. `+1•••••••90`: enough to tell two signers' phones apart, not to call one. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 2)}${'•'.repeat(7)}${phone.slice(-2)}`;
}

function finishConversion(req: StoredSignRequest, at: number, timings: Timings): void {
  if (req.is_document_preparation_needed) req.status = 'created';
  else send(req, at, timings);
}

/** The first send: after conversion, or when a `created` request is prepared. */
export function send(req: StoredSignRequest, at: number, timings: Timings): void {
  req.status = 'sent';
  req.last_sent_at = at;
  inviteNextGroup(req, at, timings);
}

/**
 * Invites the lowest `order` among signers/approvers who have not decided yet (equal orders together).
 * When nobody is left to decide, the request moves to `finalizing`.
 */
export function inviteNextGroup(req: StoredSignRequest, at: number, timings: Timings): void {
  const pending = req.signers.filter((s) => isActor(s) && s.signer_decision === null);
  if (pending.length === 0) {
    req.status = 'finalizing';
    req.finalizes_at = at + timings.finalizingDelayMs;
    return;
  }
  const nextOrder = Math.min(...pending.map((s) => s.order));
  for (const signer of pending) {
    if (signer.order === nextOrder && signer.invited_at === null) signer.invited_at = at;
  }
}

function complete(req: StoredSignRequest, at: number): void {
  req.status = 'signed';
  req.finished_at = at;
  req.finalizes_at = null;
}

export function recordView(req: StoredSignRequest, signer: StoredSigner, at: number): void {
  if (!signer.has_viewed_document) recordActivity(req, { at, email: signer.email, kind: 'viewed' });
  signer.has_viewed_document = true;
  if (req.status === 'sent') req.status = 'viewed';
}

export function recordSignature(req: StoredSignRequest, signer: StoredSigner, at: number, timings: Timings): void {
  recordView(req, signer, at);
  signer.signer_decision = { type: 'signed', finalized_at: new Date(at).toISOString(), additional_info: null };
  inviteNextGroup(req, at, timings);
}

export function recordDecline(req: StoredSignRequest, signer: StoredSigner, at: number, reason: string | null): void {
  recordView(req, signer, at);
  signer.signer_decision = { type: 'declined', finalized_at: new Date(at).toISOString(), additional_info: reason };
  req.status = 'declined';
  req.finished_at = at;
}
