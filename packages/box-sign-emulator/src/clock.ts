/** Where an emulator that follows another clock reads the time (e.g. a Temporal time-skipping server's). */
export type TimeSource = () => Promise<number>;

/**
 * Emulator time = real time + an offset that tests move forward; every lifecycle rule reads this clock. Following
 * a time source instead, the offset is re-read from it before every call (see `sync`).
 */
export class EmulatorClock {
  private source: TimeSource | undefined;

  constructor(private offset = 0) {}

  get offsetMs(): number {
    return this.offset;
  }

  nowMs(): number {
    return Date.now() + this.offset;
  }

  nowIso(): string {
    return new Date(this.nowMs()).toISOString();
  }

  advance(ms: number): void {
    this.offset += ms;
  }

  reset(offsetMs = 0): void {
    this.offset = offsetMs;
  }

  follow(source: TimeSource): void {
    this.source = source;
  }

  /** Catches up with the followed source, if any; never moves backwards (Box's time does not). */
  async sync(): Promise<void> {
    if (this.source === undefined) return;
    const now = await this.source();
    this.offset = Math.max(this.offset, now - Date.now());
  }

  toJSON(): { now: string; offset_ms: number } {
    return { now: this.nowIso(), offset_ms: this.offset };
  }
}
