/**
 * Event ids already handed to a workflow, kept longer than Box retries one event (12 times over about 2 hours)
 * and longer than a signed delivery stays acceptable (10 minutes), so neither a Box retry nor a replayed delivery
 * signals twice. The fast path only: it is in memory, so a restarted receiver (or another replica behind the load
 * balancer) signals again, and the workflow ignores an event id it was already signalled with
 * (workflows/box-event-ids.ts).
 */
export class SeenEvents {
  private readonly seen = new Map<string, number>();
  /** Deliveries of an event being handled right now: true once it has been handed on, false if that failed. */
  private readonly inFlight = new Map<string, Promise<boolean>>();

  constructor(
    private readonly ttlMs = 3 * 60 * 60 * 1000,
    private readonly maxEntries = 200_000,
  ) {}

  has(eventId: string, nowMs: number): boolean {
    const at = this.seen.get(eventId);
    return at !== undefined && nowMs - at < this.ttlMs;
  }

  /** Another delivery of the same event is being handled right now: whether it was handed on. */
  pending(eventId: string): Promise<boolean> | undefined {
    return this.inFlight.get(eventId);
  }

  /**
   * Runs `handle` for the event; it counts as seen only when `handle` resolves, so a failure (Temporal unreachable)
   * leaves it to Box's next retry.
   */
  async once<T>(eventId: string, nowMs: number, handle: () => Promise<T>): Promise<T> {
    const running = handle();
    this.inFlight.set(
      eventId,
      running.then(
        () => true,
        () => false,
      ),
    );
    try {
      const result = await running;
      this.remember(eventId, nowMs);
      return result;
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
