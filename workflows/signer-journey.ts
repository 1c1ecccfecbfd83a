import { log } from '@temporalio/workflow';
import type { JourneyCallbackEvent } from '../contracts/callback';
import type { BoxEventNotice } from '../contracts/messages';
import type { SignRequestInput } from '../contracts/sign-request-input';
import type { EmailBounce, JourneyState, SignRequestState, SignerState } from '../contracts/sign-request-state';
import { signerJourneyPatched } from './journey-patch';

/** Box's trigger for a signer's bounced invitation (it has one spelling only). */
export const SIGNER_EMAIL_BOUNCED_TRIGGER = 'SIGN_REQUEST.SIGNER_EMAIL_BOUNCED';

/** One journey event to tell: which signer (position in the input), what happened, and its ordinal for the signer. */
export interface JourneyStep {
  signer: number;
  type: JourneyCallbackEvent;
  occurrence: number;
  /** signer.email_bounced only. */
  bounce?: EmailBounce;
}

/**
 * Each signer's journey before their decision: their turn came (invited), they opened the document (viewed), their
 * invitation bounced. Told once each, from the state the workflow already keeps (Box's GET shows turns and views; a
 * bounce only arrives as a webhook), and recorded in the state so continue-as-new does not tell it twice. Runs
 * from before the journey patch (which replay without its marker) tell nothing and keep their commands.
 */
export class SignerJourney {
  /** Whether this run tells the journey: decided by the patch the first time there is something to tell. */
  private telling: boolean | undefined;
  /** Steps recorded in the state and not yet handed to the callbacks. */
  private untold: JourneyStep[] = [];

  constructor(
    private readonly input: SignRequestInput,
    private readonly state: SignRequestState,
  ) {}

  static isBounce(notice: BoxEventNotice): boolean {
    return notice.trigger === SIGNER_EMAIL_BOUNCED_TRIGGER;
  }

  /**
   * Records new turns and views since the last look in the state (called before the state is published, so they go in
   * the same memo write). Nothing changes until there is something to tell and the run tells the journey.
   */
  observe(): void {
    this.untold.push(...this.advance());
  }

  /** The steps recorded since the last call, signer by signer in input order, for the callbacks. */
  take(): JourneyStep[] {
    return this.untold.splice(0);
  }

  private advance(): JourneyStep[] {
    const journey = this.state.journey ?? baseline(this.input, this.state);
    const turns: number[] = [];
    const views: number[] = [];
    let solved = false;
    this.inputEmails().forEach((email, index) => {
      const signer = this.stateSigner(email);
      if (signer === undefined) return;
      const turnCame = signer.progress === 'invited' || signer.progress === 'viewed';
      if (turnCame && !journey.invited.includes(index)) turns.push(index);
      if (signer.viewedAt !== null && !journey.viewed.includes(index)) views.push(index);
      // The address worked after all (or the signer reached the document another way): no longer in the way.
      const reached = signer.viewedAt !== null || signer.decidedAt !== null;
      if (reached && this.state.problem?.kind === 'email_bounced' && this.state.problem.signer === index) solved = true;
    });
    if ((turns.length === 0 && views.length === 0 && !solved) || !this.tells()) return [];
    this.state.journey = journey;
    journey.invited.push(...turns);
    journey.viewed.push(...views);
    if (solved) this.state.problem = null;
    const steps: JourneyStep[] = [];
    // A reissued round invites again: its steps carry the round, so their webhook-ids differ from the first round's.
    const occurrence = this.state.round ?? 1;
    for (let index = 0; index < this.inputEmails().length; index++) {
      if (turns.includes(index)) steps.push({ signer: index, type: 'signer.invited', occurrence });
      if (views.includes(index)) steps.push({ signer: index, type: 'signer.viewed', occurrence });
    }
    return steps;
  }

  /**
   * A bounce Box reported, in a run that tells the journey (null otherwise: the caller confirms it with Box as any
   * other webhook, as runs before the patch did). The signer it names (one of the input's, by e-mail) becomes the
   * current problem; a notice naming no single signer of the input is logged only.
   */
  noteBounce(notice: BoxEventNotice): JourneyStep[] | null {
    if (!this.tells()) return null;
    const named = new Set((notice.signerEmails ?? []).map((e) => e.toLowerCase()));
    const matches = this.inputEmails()
      .map((email, index) => ({ email, index }))
      .filter(({ email }) => named.has(email.toLowerCase()));
    if (matches.length !== 1) {
      log.warn('A bounce that names no single signer of the request; nothing to tell', { matches: matches.length });
      return [];
    }
    const { email, index } = matches[0]!;
    const at = new Date().toISOString();
    const bounce: EmailBounce = { signer: index, email, at };
    const journey = (this.state.journey ??= baseline(this.input, this.state));
    journey.bounces.push(bounce);
    this.state.problem = {
      kind: 'email_bounced',
      signer: index,
      message: `The invitation e-mail to signer ${index + 1} bounced: correct the address and reissue the request.`,
      at,
    };
    const occurrence = journey.bounces.filter((b) => b.signer === index).length;
    return [{ signer: index, type: 'signer.email_bounced', occurrence, bounce }];
  }

  /** The patch is asked where old and new paths part: the first time this run has something to tell. */
  private tells(): boolean {
    this.telling ??= signerJourneyPatched();
    return this.telling;
  }

  /** Empty while the input is not known to be valid (a bounce cannot come before the request exists anyway). */
  private inputEmails(): string[] {
    const signers: unknown = this.input?.signers;
    if (!Array.isArray(signers)) return [];
    return (signers as { email?: unknown }[]).map((s) => (typeof s?.email === 'string' ? s.email : ''));
  }

  private stateSigner(email: string): SignerState | undefined {
    return this.state.signers.find((s) => s.email.toLowerCase() === email.toLowerCase());
  }
}

/**
 * Where telling the journey begins: a first run has told nothing; a request continued from a run that did not tell
 * it has its past turns and views taken as told (they are history, not news).
 */
function baseline(input: SignRequestInput, state: SignRequestState): JourneyState {
  const journey: JourneyState = { invited: [], viewed: [], bounces: [] };
  if (state.run === 1) return journey;
  input.signers.forEach(({ email }, index) => {
    const signer = state.signers.find((s) => s.email.toLowerCase() === email.toLowerCase());
    if (signer === undefined) return;
    if (signer.progress !== 'waiting') journey.invited.push(index);
    if (signer.viewedAt !== null) journey.viewed.push(index);
  });
  return journey;
}
