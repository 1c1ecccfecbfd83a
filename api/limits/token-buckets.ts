/** What a charge that does not fit says: when the caller may come back. */
export interface Refusal {
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * One token bucket per key, in this process's memory: `perMinute` tokens at most, refilled evenly over a minute, so a
 * full minute's budget may be spent at once and then comes back gradually. Keys whose bucket is full again are
 * forgotten (`sweep`), so memory follows the keys active within the last minute.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes `cost` tokens, or none and says when they will be there. A cost above `perMinute` never fits. */
  take(key: string, cost = 1): Refusal | null {
    const bucket = this.refilled(key);
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      this.buckets.set(key, bucket);
      return null;
    }
    return { retryAfterSeconds: Math.max(1, Math.ceil(((cost - bucket.tokens) * 60_000) / this.perMinute / 1000)) };
  }

  /** Whether `cost` tokens are there now, without taking them. */
  check(key: string, cost = 1): Refusal | null {
    const bucket = this.refilled(key);
    if (bucket.tokens >= cost) return null;
    return { retryAfterSeconds: Math.max(1, Math.ceil(((cost - bucket.tokens) * 60_000) / this.perMinute / 1000)) };
  }

  sweep(): void {
    for (const key of [...this.buckets.keys()]) {
      if (this.refilled(key).tokens >= this.perMinute) this.buckets.delete(key);
    }
  }

  get size(): number {
    return this.buckets.size;
  }

  private refilled(key: string): Bucket {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    const tokens = Math.min(this.perMinute, bucket.tokens + ((now - bucket.at) * this.perMinute) / 60_000);
    return { tokens, at: now };
  }
}
