/**
 * Event ids already handed to a workflow, kept longer than Box retries one event (12 times over about 2 hours)
 * and longer than a signed delivery stays acceptable (10 minutes), so neither a Box retry nor a replayed delivery
 * signals twice. In memory: after a restart a retry may signal again, which costs the workflow one GET and
 * changes nothing else (the signal is a hint; the workflow confirms with Box).
 */
export class SeenEvents {
  private readonly seen = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<boolean>>();

  constructor(
    private readonly ttlMs = 3 * 60 * 60 * 1000,
    private readonly maxEntries = 200_000,
  ) {}

  has(eventId: string, nowMs: number): boolean {
    const at = this.seen.get(eventId);
    return at !== undefined && nowMs - at < this.ttlMs;
  }

  /** A delivery of the same event being handled right now: its outcome (true when it was handed on). */
  pending(eventId: string): Promise<boolean> | undefined {
    return this.inFlight.get(eventId);
  }

  /**
   * Runs `handle` once per event at a time; the event counts as seen only when `handle` resolves true, so a
   * failure (Temporal unreachable) leaves it to Box's next retry.
   */
  async once(eventId: string, nowMs: number, handle: () => Promise<boolean>): Promise<boolean> {
    const running = handle();
    this.inFlight.set(eventId, running);
    try {
      const done = await running;
      if (done) this.remember(eventId, nowMs);
      return done;
    } finally {
      this.inFlight.delete(eventId);
    }
  }

  private remember(eventId: string, nowMs: number): void {
    this.seen.set(eventId, nowMs);
    // Maps iterate in insertion order, so the oldest entries go first.
    for (const [id, at] of this.seen) {
      if (this.seen.size <= this.maxEntries && nowMs - at < this.ttlMs) break;
      this.seen.delete(id);
    }
  }
}
