import type { FaultKind } from './faults';

export interface CallRecord {
  at: string;
  method: string;
  path: string;
  /** The HTTP status answered; 0 when no answer was sent (a `timeout` fault). */
  status: number;
  external_id?: string;
  /** Set when an injected fault other than `error` shaped the call (errors show in `status`). */
  fault?: Exclude<FaultKind, 'error'>;
  /** Set when the emulator's enforcement of Box's rate limits answered 429. */
  rate_limited?: true;
}

/** Totals since start (or the last clear), kept even when old records are dropped from the list. */
export interface CallStats {
  calls: number;
  by_status: Record<string, number>;
  faults: Record<FaultKind, number>;
  rate_limited: number;
}

const MAX_CALLS = 100_000;

const emptyStats = (): CallStats => ({
  calls: 0,
  by_status: {},
  faults: { error: 0, latency: 0, timeout: 0, drop_after_commit: 0 },
  rate_limited: 0,
});

/** Every Box API call the emulator answered (including faults and errors), oldest first. */
export class CallLog {
  private calls: CallRecord[] = [];
  private totals = emptyStats();

  record(call: CallRecord, fault?: FaultKind): void {
    this.calls.push(call);
    if (this.calls.length > MAX_CALLS) this.calls.splice(0, this.calls.length - MAX_CALLS);
    this.totals.calls += 1;
    const status = String(call.status);
    this.totals.by_status[status] = (this.totals.by_status[status] ?? 0) + 1;
    if (fault !== undefined) this.totals.faults[fault] += 1;
    if (call.rate_limited) this.totals.rate_limited += 1;
  }

  list(): CallRecord[] {
    return [...this.calls];
  }

  stats(): CallStats {
    return {
      ...this.totals,
      by_status: { ...this.totals.by_status },
      faults: { ...this.totals.faults },
    };
  }

  clear(): void {
    this.calls = [];
    this.totals = emptyStats();
  }
}
