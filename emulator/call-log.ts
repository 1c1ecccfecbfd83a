export interface CallRecord {
  at: string;
  method: string;
  path: string;
  status: number;
  external_id?: string;
}

const MAX_CALLS = 10_000;

/** Every Box API call the emulator answered (including faults and errors), oldest first. */
export class CallLog {
  private calls: CallRecord[] = [];

  record(call: CallRecord): void {
    this.calls.push(call);
    if (this.calls.length > MAX_CALLS) this.calls.splice(0, this.calls.length - MAX_CALLS);
  }

  list(): CallRecord[] {
    return [...this.calls];
  }

  clear(): void {
    this.calls = [];
  }
}
