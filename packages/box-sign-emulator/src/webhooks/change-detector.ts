import type { SignTriggerName } from './triggers';
import { SignTrigger } from './triggers';
import { isActor, type StoredSignRequest } from '../model';

/** Something Box would announce by webhook, about one request. */
export interface DetectedEvent {
  trigger: SignTriggerName;
  request: StoredSignRequest;
}

interface Observed {
  /** Cheap summary compared first: most looks find most requests unchanged. */
  key: string;
  status: string | null;
  invited: Set<string>;
  signed: Set<string>;
}

const STATUS_TRIGGERS: Readonly<Record<string, SignTriggerName>> = {
  signed: SignTrigger.Completed,
  declined: SignTrigger.Declined,
  expired: SignTrigger.Expired,
  error_finalizing: SignTrigger.ErrorFinalizing,
};

/**
 * Finds what changed since the last look by comparing each request with what was seen then. Comparing states
 * (instead of hooking every code path that changes a request) also catches the time-driven changes the emulator
 * applies lazily, and forced statuses, with no change to the lifecycle code.
 */
export class ChangeDetector {
  private readonly observed = new Map<string, Observed>();
  private baselined = false;

  /** The next look only records: nothing that happened before webhooks were switched on is announced. */
  rebaseline(): void {
    this.observed.clear();
    this.baselined = false;
  }

  detect(requests: StoredSignRequest[]): DetectedEvent[] {
    const announce = this.baselined;
    this.baselined = true;
    const events: DetectedEvent[] = [];
    for (const request of requests) {
      const before = this.observed.get(request.id) ?? NOTHING;
      if (before.key === summary(request)) continue;
      const now = observe(request);
      this.observed.set(request.id, now);
      if (!announce) continue;
      // A signature comes before the invitation it causes (the next signer in order).
      for (const email of now.signed) {
        if (!before.signed.has(email)) events.push({ trigger: SignTrigger.SignerSigned, request });
      }
      for (const email of now.invited) {
        if (!before.invited.has(email)) events.push({ trigger: SignTrigger.SignatureRequested, request });
      }
      const trigger = now.status === before.status || now.status === null ? undefined : STATUS_TRIGGERS[now.status];
      if (trigger !== undefined) events.push({ trigger, request });
    }
    return events;
  }
}

const NOTHING: Observed = { key: '', status: null, invited: new Set(), signed: new Set() };

function summary(request: StoredSignRequest): string {
  let invited = 0;
  let signed = 0;
  for (const signer of request.signers) {
    if (signer.invited_at !== null) invited += 1;
    if (signer.signer_decision?.type === 'signed') signed += 1;
  }
  return `${request.status}|${invited}|${signed}`;
}

function observe(request: StoredSignRequest): Observed {
  const actors = request.signers.filter(isActor);
  return {
    key: summary(request),
    status: request.status,
    invited: new Set(actors.filter((s) => s.invited_at !== null).map((s) => s.email)),
    signed: new Set(actors.filter((s) => s.signer_decision?.type === 'signed').map((s) => s.email)),
  };
}
