import { benchParts } from '../../bench/options';
import { cpuSecondsPerHourPer1000, cpuTicksFromStat, processCpuSeconds } from '../../bench/process-cpu';
import {
  createdAtByExternalId,
  drainSeconds,
  floorSeconds,
  maxPeak,
  peakBySender,
  peakPerMinuteBySender,
  startToCreatedSeconds,
} from '../../bench/sender-figures';
import type { LoggedCall } from '../../bench/sender-figures';
import { senderLimitsFor, senderQuota } from '../../bench/sender-quotas';
import { roundSizes } from '../../bench/throughput-run';

const T0 = Date.parse('2026-12-01T18:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const create = (seconds: number, user: string, externalId?: string, extra: Partial<LoggedCall> = {}): LoggedCall => ({
  at: at(seconds),
  method: 'POST',
  path: '/2.0/sign_requests',
  status: 201,
  user_id: user,
  ...(externalId === undefined ? {} : { external_id: externalId }),
  ...extra,
});
const get = (seconds: number, user: string): LoggedCall => ({
  at: at(seconds),
  method: 'GET',
  path: '/2.0/sign_requests/42',
  status: 200,
  user_id: user,
});

describe("the bench's per-sender figures, from the emulator's call log", () => {
  it('counts each sender’s busiest 60 seconds of creates + resends on its own', () => {
    const calls = [
      create(0, 'A'),
      create(10, 'A'),
      { ...create(20, 'A'), path: '/2.0/sign_requests/7/resend' },
      create(59.9, 'A'),
      create(61, 'A'), // the 0 s one has left the window: still 4
      create(5, 'B'),
      create(100, 'B'),
      get(1, 'A'),
    ];
    const peaks = peakPerMinuteBySender(calls, 'create_resend');
    expect(Object.fromEntries(peaks)).toEqual({ A: 4, B: 1 });
    expect(maxPeak(peaks)).toBe(4);
  });

  it('finds the bursts inside a minute in a shorter window', () => {
    const calls = [create(0, 'A'), create(0.5, 'A'), create(1, 'A'), create(4.9, 'A'), create(5, 'A'), create(20, 'A')];
    expect(Object.fromEntries(peakBySender(calls, 'create_resend', 5_000))).toEqual({ A: 4 });
    expect(Object.fromEntries(peakBySender(calls, 'create_resend', 1_000))).toEqual({ A: 2 });
  });

  it("leaves out the 429s and unanswered calls (Box's quota never admitted them) and other buckets", () => {
    const calls = [
      create(0, 'A'),
      create(1, 'A', undefined, { status: 429, rate_limited: true }),
      create(2, 'A', undefined, { status: 0 }),
      { ...create(3, 'A'), method: 'DELETE', path: '/2.0/sign_requests/7' },
      get(4, 'A'),
      get(5, 'A'),
    ];
    expect(Object.fromEntries(peakPerMinuteBySender(calls, 'create_resend'))).toEqual({ A: 1 });
    expect(Object.fromEntries(peakPerMinuteBySender(calls, 'get'))).toEqual({ A: 2 });
  });

  it('puts calls without a resolved user under one key, and has no peak without calls', () => {
    const calls: LoggedCall[] = [{ ...create(0, 'x'), user_id: undefined }];
    expect(Object.fromEntries(peakPerMinuteBySender(calls, 'create_resend'))).toEqual({ unknown: 1 });
    expect(maxPeak(peakPerMinuteBySender([], 'get'))).toBe(0);
  });

  it("times a request's creation by its first successful create, whatever was refused before", () => {
    const calls = [
      create(1, 'A', 'wf-1', { status: 429, rate_limited: true }),
      create(3, 'A', 'wf-1'),
      create(4, 'A', 'wf-1'), // an adoption retry's second answer does not move it
      create(5, 'A', 'wf-2', { status: 400 }),
      { ...get(6, 'A'), external_id: 'wf-3' },
    ];
    const created = createdAtByExternalId(calls);
    expect([...created]).toEqual([['wf-1', T0 + 3_000]]);
    const started = new Map([
      ['wf-1', T0 + 500],
      ['wf-2', T0],
    ]);
    expect(startToCreatedSeconds(started, created)).toEqual([2.5]);
  });

  it("measures the bulk's drain from its first start to its last creation, against the quota's floor", () => {
    expect(drainSeconds([T0 + 2_000, T0, T0 + 1_000], [T0 + 290_000, T0 + 330_000, T0 + 60_000])).toBe(330);
    expect(drainSeconds([T0], [])).toBeNaN();
    expect(floorSeconds(500, 100)).toBe(300);
    expect(floorSeconds(150, 30)).toBe(300);
  });
});

describe("the bench's sender quotas", () => {
  it("keep Box's 1:10 ratio of writes to gets and hold each sender to 90% of them", () => {
    expect(senderQuota(100)).toEqual({ createResendPerMinute: 100, getPerMinute: 1000 });
    expect(senderLimitsFor(senderQuota(100))).toEqual({ writesPerMinute: 90, readsPerMinute: 900 });
    expect(senderLimitsFor(senderQuota(30))).toEqual({ writesPerMinute: 27, readsPerMinute: 270 });
  });
});

describe("a worker's CPU time, from /proc/<pid>/stat", () => {
  it('adds utime and stime (fields 14 and 15), a command name with spaces and parentheses included', () => {
    const stat = '4242 (node (worker) x) S 1 4242 4242 0 -1 4194560 9000 0 12 0 1234 567 0 0 20 0 11 0 2980258 0 0';
    expect(cpuTicksFromStat(stat)).toBe(1234 + 567);
  });

  it('scales CPU over a holding period to an hour and 1,000 requests', () => {
    // 30 CPU-s over 4 minutes holding 5,000: 450 CPU-s an hour, 90 per 1,000.
    expect(cpuSecondsPerHourPer1000({ cpuS: 30, seconds: 240 }, 5_000)).toBeCloseTo(90);
    expect(cpuSecondsPerHourPer1000({ cpuS: 1, seconds: 3_600 }, 1_000)).toBeCloseTo(1);
  });

  it('refuses text that is not a stat line', () => {
    expect(() => cpuTicksFromStat('hello')).toThrow('not a /proc/<pid>/stat line');
  });

  it('reads a live process (this one), and NaN for one that is not there', () => {
    const burnUntil = Date.now() + 50;
    while (Date.now() < burnUntil) {
      // use some CPU, so that there is some to see
    }
    expect(processCpuSeconds(process.pid)).toBeGreaterThan(0);
    expect(processCpuSeconds(undefined)).toBeNaN();
    expect(processCpuSeconds(-1)).toBeNaN();
  });
});

describe("the bench's parts and rounds", () => {
  it('runs every part by default and the named ones in its own order with --only', () => {
    expect(benchParts(undefined)).toEqual(['latency', 'throughput', 'senders', 'evidence', 'open', 'lifetime']);
    expect(benchParts('')).toEqual(['latency', 'throughput', 'senders', 'evidence', 'open', 'lifetime']);
    expect(benchParts('open, senders')).toEqual(['senders', 'open']);
    expect(() => benchParts('senders,fast')).toThrow('unknown part fast');
  });

  it('splits the throughput requests into near-equal rounds, never an empty one', () => {
    expect(roundSizes(1000, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(roundSizes(11, 3)).toEqual([4, 4, 3]);
    expect(roundSizes(2, 5)).toEqual([1, 1]);
  });
});
