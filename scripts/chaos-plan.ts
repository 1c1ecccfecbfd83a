import type { SignRequestInput, PlaintextSignerInput } from '../contracts';
import { workflowIdForBusinessKey } from '../contracts';
import type { EmulatorControl, EmulatorRequestView, EmulatorSignerView } from 'box-sign-emulator';

/** One planned sign request of the chaos run: what is asked of Box, and how its signers will act. */
export interface PlannedRequest {
  workflowId: string;
  input: SignRequestInput;
  expected: 'signed' | 'declined';
  passwords: Map<string, string>;
}

/** Fast enough for a run of minutes, slow enough that hundreds of workflows stay under Box's get limit. */
const CHAOS_POLLING = { initialIntervalMs: 500, backoffCoefficient: 1.5, maximumIntervalMs: 5_000 };

/**
 * Mixed verification: a phone signer (every other one with the code asked before viewing), a password signer, or
 * both in order. Every tenth request is declined by its first signer; the others are signed.
 */
export function planRequests(count: number, runId: string): PlannedRequest[] {
  return Array.from({ length: count }, (_, i) => {
    const phone: PlaintextSignerInput = {
      email: `phone.${i}@chaos.example.com`,
      verificationPhoneNumber: `+1555${String(1_000_000 + i).slice(-7)}`,
      order: 1,
    };
    const password: PlaintextSignerInput = {
      email: `password.${i}@chaos.example.com`,
      password: `pw-${runId}-${i}`,
      order: 2,
    };
    const signers = i % 3 === 0 ? [phone] : i % 3 === 1 ? [{ ...password, order: 1 }] : [phone, password];
    const businessKey = `chaos-${runId}-${i}`;
    return {
      workflowId: workflowIdForBusinessKey(businessKey),
      input: {
        businessKey,
        name: `Chaos contract ${i}`,
        sourceFiles: [{ id: '1234567890' }],
        parentFolder: { id: '987654321' },
        signers,
        ...(i % 6 === 0 ? { isPhoneVerificationRequiredToView: true } : {}),
        polling: CHAOS_POLLING,
      },
      expected: i % 10 === 9 ? 'declined' : 'signed',
      passwords: new Map(signers.flatMap((s) => (s.password === undefined ? [] : [[s.email, s.password]]))),
    };
  });
}

/**
 * Plays every invited signer who has not decided yet, on every Box request of a planned workflow (a duplicate
 * would be played too, and then counted). Each signer acts once at a time; refusals are retried next round.
 */
export class ChaosSigners {
  private readonly busy = new Set<string>();
  private readonly byWorkflowId: Map<string, PlannedRequest>;
  acted = 0;

  constructor(
    private readonly control: EmulatorControl,
    plans: PlannedRequest[],
    private readonly maxConcurrent = 25,
  ) {
    this.byWorkflowId = new Map(plans.map((plan) => [plan.workflowId, plan]));
  }

  /** One round over Box's requests; returns at once, the signers act in the background. */
  round(requests: EmulatorRequestView[]): void {
    for (const view of requests) {
      const plan = this.byWorkflowId.get(view.sign_request.external_id ?? '');
      if (plan === undefined || !['sent', 'viewed'].includes(view.sign_request.status)) continue;
      for (const signer of view.signers) {
        if (this.busy.size >= this.maxConcurrent) return;
        const key = `${view.sign_request.id}/${signer.email}`;
        if (signer.role === 'final_copy_reader' || !signer.invited || signer.decision !== null) continue;
        if (this.busy.has(key)) continue;
        this.busy.add(key);
        void this.play(view.sign_request.id, signer, plan)
          .catch(() => undefined)
          .finally(() => this.busy.delete(key));
      }
    }
  }

  private async play(id: string, signer: EmulatorSignerView, plan: PlannedRequest): Promise<void> {
    const password = plan.passwords.get(signer.email);
    if (password !== undefined) {
      await this.control.signer(id, signer.email, 'verify', { password });
    } else {
      await this.control.signer(id, signer.email, 'send-code');
      const code = await this.control.latestCode(id, signer.email);
      await this.control.signer(id, signer.email, 'verify', { code });
    }
    const first = plan.input.signers[0]?.email === signer.email;
    const action = plan.expected === 'declined' && first ? 'decline' : 'sign';
    const done = await this.control.signer(id, signer.email, action);
    if (done.status === 200) this.acted += 1;
  }
}
