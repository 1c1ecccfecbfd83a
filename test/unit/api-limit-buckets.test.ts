import { ConcurrencyCap } from '../../api/limits/concurrency-cap';
import { TokenBuckets } from '../../api/limits/token-buckets';

describe("the API's limit buckets", () => {
  it('a minute’s budget can be spent at once, then comes back evenly; Retry-After says when a charge fits', () => {
    let now = 0;
    const buckets = new TokenBuckets(60, () => now);
    expect(buckets.take('a', 60)).toBeNull();
    expect(buckets.take('a')).toEqual({ retryAfterSeconds: 1 });
    expect(buckets.take('a', 10)).toEqual({ retryAfterSeconds: 10 });
    expect(buckets.take('b')).toBeNull();
    now += 10_000;
    expect(buckets.check('a', 10)).toBeNull();
    expect(buckets.take('a', 10)).toBeNull();
    expect(buckets.take('a')).toEqual({ retryAfterSeconds: 1 });
    now += 120_000;
    buckets.sweep();
    expect(buckets.size).toBe(0);
  });

  it('a concurrency cap gives at most N slots per key, and a slot released twice counts once', () => {
    const cap = new ConcurrencyCap(2);
    const one = cap.enter('a');
    const two = cap.enter('a');
    expect(cap.enter('a')).toBeNull();
    expect(cap.enter('b')).not.toBeNull();
    one?.();
    one?.();
    expect(cap.enter('a')).not.toBeNull();
    expect(cap.enter('a')).toBeNull();
    two?.();
  });
});
