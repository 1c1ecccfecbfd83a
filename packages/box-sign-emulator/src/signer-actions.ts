import { ControlError } from './errors';
import {
  isActionable,
  isTerminal,
  maskPhone,
  recordActivity,
  recordDecline,
  recordSignature,
  recordView,
} from './lifecycle';
import {
  isActor,
  sameEmail,
  type OutboxMessage,
  type SignerActivity,
  type SignerInput,
  type StoredSignRequest,
  type StoredSigner,
} from './model';
import { smsCode, verifyPassword } from './secrets';
import type { SignRequestStore } from './store';
import { missingVerification, needsCard, needsLogin, verificationPhone } from './verification';

export type VerifyInput = { code: string } | { password: string };

/** What a signer gives when signing, besides the signature. */
export interface SignerGiven {
  inputs?: SignerInput[];
  attachments?: { id: string; name: string }[];
}

/** The emulator plays the signers: these are the things a human would do in the signing UI. */
export class SignerActions {
  constructor(private readonly store: SignRequestStore) {}

  sendCode(req: StoredSignRequest, email: string): { sent: true; phone_number: string; sent_at: string } {
    const signer = this.actor(req, email);
    const phone = verificationPhone(signer);
    if (phone === null) throw new ControlError(409, { error: 'no_phone_verification' });
    const message = this.deliverCode(req, signer, phone);
    return { sent: true, phone_number: message.phone_number, sent_at: message.sent_at };
  }

  async verify(
    req: StoredSignRequest,
    email: string,
    input: VerifyInput,
  ): Promise<{ verified: true; needs: string | null }> {
    const signer = this.actor(req, email);
    if ('code' in input) {
      const phone = verificationPhone(signer);
      if (phone === null) {
        throw new ControlError(409, { error: 'verification_not_required', verification: 'sms_code' });
      }
      const latest = this.store.outbox({ sign_request_id: req.id, email: signer.email }).at(-1);
      if (latest === undefined) throw new ControlError(409, { error: 'no_code_sent' });
      const phone_masked = maskPhone(phone);
      if (latest.code !== input.code) this.refuse(req, signer, 'wrong_code', { method: 'sms_code', phone_masked });
      signer.phone_verified = true;
      this.log(req, signer, { kind: 'verified', method: 'sms_code', phone_masked });
    } else {
      if (signer.password_hash === null) {
        throw new ControlError(409, { error: 'verification_not_required', verification: 'password' });
      }
      if (!(await verifyPassword(input.password, signer.password_hash))) {
        this.refuse(req, signer, 'wrong_password', { method: 'password' });
      }
      signer.password_verified = true;
      this.log(req, signer, { kind: 'verified', method: 'password' });
    }
    return { verified: true, needs: missingVerification(req, signer, 'sign') };
  }

  /** The signer logs in to Box (a `login` method, or legacy `login_required`). */
  logIn(req: StoredSignRequest, email: string): { verified: true; needs: string | null } {
    const signer = this.actor(req, email);
    if (!needsLogin(signer)) throw new ControlError(409, { error: 'verification_not_required', verification: 'login' });
    signer.logged_in = true;
    this.log(req, signer, { kind: 'verified', method: 'login' });
    return { verified: true, needs: missingVerification(req, signer, 'sign') };
  }

  /** The signer presents a CAC/PIV smart card (a `cac_piv` method). `valid: false` is a card that does not pass. */
  presentCard(req: StoredSignRequest, email: string, valid: boolean): { verified: true; needs: string | null } {
    const signer = this.actor(req, email);
    if (!needsCard(signer)) {
      throw new ControlError(409, { error: 'verification_not_required', verification: 'cac_piv' });
    }
    if (!valid) this.refuse(req, signer, 'card_refused', { method: 'cac_piv' });
    signer.card_presented = true;
    this.log(req, signer, { kind: 'verified', method: 'cac_piv' });
    return { verified: true, needs: missingVerification(req, signer, 'sign') };
  }

  /**
   * The signer's invitation e-mail bounces (a wrong or dead address): only once Box has e-mailed them, i.e. they were
   * invited and Box sends their notifications. Box's API shows nothing of it; only its webhook tells.
   */
  bounce(req: StoredSignRequest, email: string): StoredSigner {
    const signer = this.actor(req, email);
    if (signer.invited_at === null || signer.suppress_notifications === true) {
      throw new ControlError(409, { error: 'no_invitation_sent', email: signer.email });
    }
    signer.email_bounced_at = this.store.clock.nowMs();
    return signer;
  }

  view(req: StoredSignRequest, email: string): void {
    const signer = this.actor(req, email);
    this.requireVerified(req, signer, 'view');
    recordView(req, signer, this.store.clock.nowMs());
  }

  /** Throws what `sign` would refuse with, changing nothing: lets a caller prepare the signer's attachments first. */
  assertCanSign(req: StoredSignRequest, email: string): void {
    this.requireVerified(req, this.actor(req, email), 'sign');
  }

  /** Signs, with what the signer typed or ticked (`inputs`) and attached (files already stored). */
  sign(req: StoredSignRequest, email: string, given: SignerGiven = {}): void {
    const signer = this.actor(req, email);
    this.requireVerified(req, signer, 'sign');
    for (const file of req.sign_files) {
      file.version += 1;
      file.version_id = this.store.nextFileId();
      delete file.sha1;
      delete file.size;
    }
    if (given.inputs !== undefined && given.inputs.length > 0) signer.inputs = given.inputs;
    if (given.attachments !== undefined && given.attachments.length > 0) signer.attachments = given.attachments;
    recordSignature(req, signer, this.store.clock.nowMs(), this.store.config.timings);
  }

  /** Declining happens inside the document, so it needs what viewing needs. */
  decline(req: StoredSignRequest, email: string, reason: string | null): void {
    const signer = this.actor(req, email);
    this.requireVerified(req, signer, 'view');
    recordDecline(req, signer, this.store.clock.nowMs(), reason);
  }

  /**
   * A signer who acts on the emulator's own clock rather than on a call: passes verification and signs
   * `afterInviteMs` after being invited (scheduled before the invitation too, e.g. while converting). Lets a
   * clock jump — or a followed time-skipping clock — land on the signature exactly when it was due.
   */
  scheduleSignature(req: StoredSignRequest, email: string, afterInviteMs: number): StoredSigner {
    if (isTerminal(req.status)) throw new ControlError(409, { error: 'not_actionable', status: req.status });
    const signer = this.signer(req, email);
    if (!isActor(signer))
      throw new ControlError(409, { error: 'not_an_actor', email: signer.email, role: signer.role });
    requireUndecided(signer);
    signer.signs_after_invite_ms = afterInviteMs;
    this.store.refresh(req);
    return signer;
  }

  private actor(req: StoredSignRequest, email: string): StoredSigner {
    if (!isActionable(req.status)) throw new ControlError(409, { error: 'not_actionable', status: req.status });
    const signer = this.signer(req, email);
    if (!isActor(signer) || signer.invited_at === null) {
      throw new ControlError(409, { error: 'not_invited', email: signer.email, role: signer.role });
    }
    requireUndecided(signer);
    return signer;
  }

  private signer(req: StoredSignRequest, email: string): StoredSigner {
    const signer = req.signers.find((s) => sameEmail(s.email, email));
    if (signer === undefined) throw new ControlError(404, { error: 'signer_not_found', email });
    return signer;
  }

  /**
   * Opening the document with a missing SMS code texts a fresh one, as Box's signing page does. Signing does
   * not, so a code the signer already holds stays the newest (and only valid) one.
   */
  private requireVerified(req: StoredSignRequest, signer: StoredSigner, stage: 'view' | 'sign'): void {
    const needs = missingVerification(req, signer, stage);
    if (needs === null) return;
    const phone = verificationPhone(signer);
    if (needs === 'sms_code' && stage === 'view' && phone !== null) this.deliverCode(req, signer, phone);
    throw new ControlError(403, { error: 'verification_required', needs });
  }

  private deliverCode(req: StoredSignRequest, signer: StoredSigner, phone: string): OutboxMessage {
    const message: OutboxMessage = {
      sign_request_id: req.id,
      email: signer.email,
      phone_number: phone,
      code: smsCode(),
      sent_at: this.store.clock.nowIso(),
    };
    this.store.addMessage(message);
    this.log(req, signer, { kind: 'code_sent', method: 'sms_code', phone_masked: maskPhone(phone) });
    return message;
  }

  private refuse(
    req: StoredSignRequest,
    signer: StoredSigner,
    error: 'wrong_code' | 'wrong_password' | 'card_refused',
    check: Pick<SignerActivity, 'method' | 'phone_masked'>,
  ): never {
    signer.failed_verification_attempts += 1;
    this.log(req, signer, { kind: 'verification_failed', ...check });
    throw new ControlError(403, { error, failed_attempts: signer.failed_verification_attempts });
  }

  private log(req: StoredSignRequest, signer: StoredSigner, activity: Omit<SignerActivity, 'at' | 'email'>): void {
    recordActivity(req, { at: this.store.clock.nowMs(), email: signer.email, ...activity });
  }
}

function requireUndecided(signer: StoredSigner): void {
  if (signer.signer_decision !== null) {
    throw new ControlError(409, { error: 'already_decided', decision: signer.signer_decision.type });
  }
}
