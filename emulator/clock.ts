/** Emulator time = real time + an offset that tests move forward; every lifecycle rule reads this clock. */
export class EmulatorClock {
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

  toJSON(): { now: string; offset_ms: number } {
    return { now: this.nowIso(), offset_ms: this.offset };
  }
}
