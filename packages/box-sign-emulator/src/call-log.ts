import type { FaultKind } from './faults';

export interface CallRecord {
  at: string;
  method: string;
  path: string;
  /** The HTTP status answered; 0 when no answer was sent (a `timeout` fault). */
  status: number;
  external_id?: string;
  /**
   * The acting user's id (its `as-user`, else the authenticated user) once the call's token and `as-user` were
   * accepted; absent for `/oauth2` calls and for calls refused with 401 or 403.
   */
  user_id?: string;
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
  /** Per acting user (CallRecord.user_id): its calls and how many of them were answered 429 by the rate limits. */
  by_user: Record<string, UserCallStats>;
}

export interface UserCallStats {
  calls: number;
  rate_limited: number;
}

const MAX_CALLS = 100_000;

const emptyStats = (): CallStats => ({
  calls: 0,
  by_status: {},
  faults: { error: 0, latency: 0, timeout: 0, drop_after_commit: 0, drop_mid_body: 0 },
  rate_limited: 0,
  by_user: {},
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
    if (call.user_id !== undefined) {
      const user = (this.totals.by_user[call.user_id] ??= { calls: 0, rate_limited: 0 });
      user.calls += 1;
      if (call.rate_limited) user.rate_limited += 1;
    }
  }

  list(): CallRecord[] {
    return [...this.calls];
  }

  stats(): CallStats {
    return {
      ...this.totals,
      by_status: { ...this.totals.by_status },
      faults: { ...this.totals.faults },
      by_user: Object.fromEntries(Object.entries(this.totals.by_user).map(([id, user]) => [id, { ...user }])),
    };
  }

  clear(): void {
    this.calls = [];
    this.totals = emptyStats();
  }
}
