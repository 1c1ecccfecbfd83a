import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  chaosRecoveryResult,
  latestChaosRecovery,
  recoveryCheck,
  slowestRecovery,
  writeChaosRecovery,
} from '../../bench/chaos-recovery';
import { byOrigin, profileSummary, selfTimes } from '../../bench/cpu-profile';
import type { CpuProfile } from '../../bench/cpu-profile';
import type { ThreadMemory } from '../../bench/inspector-gc';
import { nativeRestBytes } from '../../bench/inspector-gc';
import { debuggerUrlFrom } from '../../bench/inspector-session';
import type { OpenPhase, OpenRequestsResult } from '../../bench/open-run';
import { holdingRss, openMemoryLine, openPhaseSizes } from '../../bench/open-run';
import { benchOptions } from '../../bench/options';
import { threadCpuDelta, threadCpuSecondsByName, threadNameFromStat } from '../../bench/process-cpu';
import { cpuCheck } from '../../bench/report';
import { openRequestsChecks } from '../../bench/sender-targets';
import { perRequestByThread } from '../../bench/throughput-run';
import type { ThroughputResult } from '../../bench/throughput-run';
import type { InFlightActivity, PendingActivity } from '../../scripts/activity-recovery';
import { runningAgainAt } from '../../scripts/activity-recovery';

const MIB = 2 ** 20;

const phase = (requests: number, afterGcMib: number, peakMib: number): OpenPhase => ({
  requests,
  createS: 60,
  holdS: 30,
  holdingPeakRssBytes: peakMib * MIB,
  rssAfterGcBytes: afterGcMib * MIB,
  gcThreads: Number.isNaN(afterGcMib) ? 0 : 2,
  memory: [],
  rssFileBytes: 70 * MIB,
  snapshots: [],
});

const openResult = (phases: OpenPhase[]): OpenRequestsResult => ({
  maxCachedWorkflows: 100,
  phases,
  requests: phases[phases.length - 1]?.requests ?? 0,
  senders: 50,
  quota: { createResendPerMinute: 100, getPerMinute: 1000 },
  limits: { writesPerMinute: 90, readsPerMinute: 900 },
  created: phases[phases.length - 1]?.requests ?? 0,
  createS: 120,
  holdS: 240,
  peakRssBytes: 400 * MIB,
  holdingPeakRssBytes: phases[phases.length - 1]?.holdingPeakRssBytes ?? 0,
  holdingCpuS: 1,
  cpuSPerHourPer1000: 1,
  idleCpuSPerHour: 1,
  maxGetsPerMinutePerSender: 10,
  box429: 0,
  historyEventsPerRequest: 20,
  sampledHistories: 50,
});

describe('the holding-RSS targets (issue 23)', () => {
  it('holds the first requests, then all of them; one phase when they are the same', () => {
    expect(openPhaseSizes(1000, 5000)).toEqual([1000, 5000]);
    expect(openPhaseSizes(5000, 5000)).toEqual([5000]);
  });

  it('judges the RSS after the forced GC, and says when it fell back to the peak while holding', () => {
    expect(holdingRss(phase(1000, 200, 260))).toEqual({ bytes: 200 * MIB, how: 'after a forced GC' });
    expect(holdingRss(phase(1000, NaN, 260))).toEqual({
      bytes: 260 * MIB,
      how: 'peak while holding, no GC forced',
    });
  });

  it('meets both at 250 MiB holding 5,000 and 240 MiB holding 1,000', () => {
    const [absolute, growth] = openRequestsChecks(openResult([phase(1000, 240, 300), phase(5000, 250, 320)]));
    expect(absolute).toMatchObject({ met: true });
    expect(absolute?.figure).toMatch(/^250 MiB after a forced GC \(peak while holding 320 MiB/);
    expect(growth).toMatchObject({ met: true, figure: '250 vs 240 MiB (1.04×, after a forced GC)' });
  });

  it('misses the ratio at 11 % above, and the limit above 300 MiB', () => {
    const [absolute, growth] = openRequestsChecks(openResult([phase(1000, 280, 300), phase(5000, 311, 320)]));
    expect(absolute?.met).toBe(false);
    expect(growth?.met).toBe(false);
    expect(growth?.figure).toContain('1.11×');
  });

  it('has no ratio with one phase, and misses the limit when a request was never created', () => {
    const result = { ...openResult([phase(5000, 200, 220)]), created: 4999 };
    const checks = openRequestsChecks(result);
    expect(checks.map((c) => c.target)).toHaveLength(2);
    expect(checks[0]?.met).toBe(false);
  });
});

describe('the CPU target, like for like (issue 23)', () => {
  const throughput = (ours: number, baseline: number) =>
    ({
      ours: { cpuSecondsPerRequest: ours },
      baseline: { cpuSecondsPerRequest: baseline },
      cpuRatio: ours / baseline,
      workers: { maxCachedWorkflows: 100, eagerActivityReservations: 0 },
    }) as unknown as ThroughputResult;

  it('is met at 1.5× and names the shared cache size and eager setting', () => {
    const check = cpuCheck(throughput(0.03, 0.02));
    expect(check.met).toBe(true);
    expect(check.figure).toBe('30.0 vs 20.0 CPU-ms (1.50×)');
    expect(check.target).toContain('cache 100 both, eager activities off both');
  });

  it('is missed above 1.5×', () => {
    expect(cpuCheck(throughput(0.0638, 0.0207)).met).toBe(false);
  });

  it('sums each thread over the rounds, per request, largest first', () => {
    const rounds = [
      [
        { thread: 'node', cpuS: 2 },
        { thread: 'tokio-runtime-w', cpuS: 1 },
      ],
      [
        { thread: 'tokio-runtime-w', cpuS: 3 },
        { thread: 'node', cpuS: 1 },
      ],
    ];
    expect(perRequestByThread(rounds, 100)).toEqual([
      { thread: 'tokio-runtime-w', cpuS: 0.04 },
      { thread: 'node', cpuS: 0.03 },
    ]);
  });
});

describe("a process's CPU by thread, from /proc/<pid>/task", () => {
  it('reads the thread name between the first ( and the last )', () => {
    expect(threadNameFromStat('42 (V8 DefaultWorke) S 1 2 3')).toBe('V8 DefaultWorke');
    expect(threadNameFromStat('42 (a (b) c) S 1')).toBe('a (b) c');
  });

  it('subtracts two reads, new threads from zero, and drops the idle ones', () => {
    expect(threadCpuDelta({ node: 1, idle: 2 }, { node: 3.5, idle: 2, 'tokio-runtime-w': 0.5 })).toEqual([
      { thread: 'node', cpuS: 2.5 },
      { thread: 'tokio-runtime-w', cpuS: 0.5 },
    ]);
  });

  it('reads this process, and nothing for one that is not there', () => {
    const mine = threadCpuSecondsByName(process.pid);
    expect(Object.values(mine).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(threadCpuSecondsByName(2 ** 22 + 1)).toEqual({});
  });
});

describe('a V8 CPU profile, summed by function', () => {
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
      { id: 2, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
      {
        id: 3,
        callFrame: {
          functionName: 'encode',
          url: 'file:///w/node_modules/@temporalio/common/lib/converter.js',
          lineNumber: 9,
        },
      },
      { id: 4, callFrame: { functionName: 'encrypt', url: 'file:///w/lib/encryption/codec.js', lineNumber: 0 } },
      { id: 5, callFrame: { functionName: '(garbage collector)', url: '', lineNumber: -1 } },
    ],
    samples: [3, 4, 3, 2, 5, 3],
    // Each sample is charged the next delta (µs): 3 → 2000, 4 → 1000, 3 → 3000, idle → 500, gc → 1000, 3 → 0.
    timeDeltas: [0, 2000, 1000, 3000, 500, 1000],
  };

  it('charges each sample the time until the next one and leaves idle out', () => {
    const entries = selfTimes([profile]);
    expect(entries).toEqual([
      { where: 'encode (@temporalio/common/lib/converter.js:10)', origin: '@temporalio/common', selfMs: 5 },
      { where: 'encrypt (encryption/codec.js:1)', origin: 'ours', selfMs: 1 },
      { where: '(garbage collector)', origin: 'v8', selfMs: 1 },
    ]);
    expect(byOrigin(entries)[0]).toEqual({ origin: '@temporalio/common', selfMs: 5 });
  });

  it('prints shares of the busy time', () => {
    const lines = profileSummary('ours', selfTimes([profile]), 2);
    expect(lines[0]).toContain('@temporalio/common 71.4%');
    expect(lines).toHaveLength(3);
    expect(profileSummary('none', [])).toEqual(['none: no CPU profile']);
  });
});

describe("where the worker's holding RSS is", () => {
  const thread = (name: ThreadMemory['thread'], heapTotal: number, heapUsed: number, external: number) => ({
    thread: name,
    heapTotalBytes: heapTotal * MIB,
    heapUsedBytes: heapUsed * MIB,
    externalBytes: external * MIB,
    arrayBuffersBytes: 0,
  });
  const memory = [thread('main', 44, 40, 8), thread('worker', 32, 30, 11)];

  it("counts as native what no thread's V8 heap or external memory accounts for", () => {
    expect(nativeRestBytes(182 * MIB, memory)).toBe(87 * MIB);
  });

  it('prints the code pages, each thread, then the anonymous rest', () => {
    expect(openMemoryLine({ ...phase(200, 252, 266), memory })).toBe(
      'open: memory 200: rss_mib=252 file_backed_mib=70 main_heap_mib=44(40) main_external_mib=8 ' +
        'worker_heap_mib=32(30) worker_external_mib=11 native_rest_mib=87',
    );
  });
});

describe("the inspector's debugger list", () => {
  it('gives the first debugger, and refuses a list without one', () => {
    expect(debuggerUrlFrom([{ webSocketDebuggerUrl: 'ws://127.0.0.1:9/x' }])).toBe('ws://127.0.0.1:9/x');
    expect(() => debuggerUrlFrom([])).toThrow('the inspector lists no debugger');
  });
});

describe("the bench's like-for-like options", () => {
  it("defaults the cache to the worker's own default and the open run to 1,000 then 5,000", () => {
    const options = benchOptions([], {}, '/out');
    expect(options.maxCachedWorkflows).toBe(100);
    expect([options.openFirstRequests, options.openRequests]).toEqual([1000, 5000]);
    expect(options.cpuProfDir).toBeUndefined();
    expect(options.openHeapSnapshotDir).toBeUndefined();
    expect(benchOptions([], { BENCH_OPEN_HEAP_SNAPSHOT_DIR: '/h' }, '/out').openHeapSnapshotDir).toBe('/h');
    expect(benchOptions(['--cache', '20', '--cpu-prof-dir', '/p'], {}, '/out')).toMatchObject({
      maxCachedWorkflows: 20,
      cpuProfDir: '/p',
    });
  });

  it('runs on its own dev server unless given a Temporal to use (the local cluster)', () => {
    expect(benchOptions([], {}, '/out').temporalAddress).toBeUndefined();
    expect(benchOptions(['--temporal-address', '127.0.0.1:33300'], {}, '/out').temporalAddress).toBe('127.0.0.1:33300');
    expect(benchOptions([], { BENCH_TEMPORAL_ADDRESS: 'h:1' }, '/out').temporalAddress).toBe('h:1');
  });

  it('refuses a first phase larger than the whole', () => {
    expect(() => benchOptions(['--open-first-requests', '6000'], {}, '/out')).toThrow('must not exceed');
  });
});

describe('an activity running again after a crash', () => {
  const CRASH = 1_000_000;
  const crashed: InFlightActivity = { workflowId: 'w', activityId: '5', activityType: 'createSignRequest', attempt: 1 };
  const pending = (over: Partial<PendingActivity>): PendingActivity => ({
    activityId: '5',
    activityType: 'createSignRequest',
    started: false,
    attempt: 2,
    lastStartedMs: undefined,
    lastAttemptCompleteMs: CRASH + 10_000,
    ...over,
  });

  it('has not yet when the retry after the timeout waits (the timeout ended the crashed attempt)', () => {
    expect(runningAgainAt(crashed, [pending({})], CRASH)).toBeUndefined();
  });

  it('sees the retry running, from its start', () => {
    const running = pending({ started: true, lastStartedMs: CRASH + 12_000 });
    expect(runningAgainAt(crashed, [running], CRASH)).toBe(CRASH + 12_000);
  });

  it('sees a retry that already failed (a 429 in milliseconds) by the attempt after it, at its end', () => {
    const failedFast = pending({ attempt: 3, lastAttemptCompleteMs: CRASH + 12_050 });
    expect(runningAgainAt(crashed, [failedFast], CRASH)).toBe(CRASH + 12_050);
  });

  it('sees a new round of the same type (a new activity id) once it started or ran', () => {
    expect(runningAgainAt(crashed, [pending({ activityId: '6', attempt: 1 })], CRASH)).toBeUndefined();
    const started = pending({ activityId: '6', attempt: 1, started: true, lastStartedMs: CRASH + 13_000 });
    expect(runningAgainAt(crashed, [started], CRASH)).toBe(CRASH + 13_000);
    const ran = pending({ activityId: '6', attempt: 2, lastAttemptCompleteMs: CRASH + 13_500 });
    expect(runningAgainAt(crashed, [ran], CRASH)).toBe(CRASH + 13_500);
  });

  it('leaves it to the history when nothing of the type is pending', () => {
    expect(runningAgainAt(crashed, [pending({ activityType: 'awaitStatusChange' })], CRASH)).toBe('not-pending');
  });
});

describe('the recovery target, from the latest chaos run', () => {
  const recovery = (activityType: string, seconds: number | null) => ({
    workflowId: 'w',
    activityId: '1',
    activityType,
    attempt: 1,
    seconds,
  });

  it('takes the slowest over every crash and per type, and none when one never ran again', () => {
    const result = chaosRecoveryResult(new Date('2026-12-07T19:00:00Z'), 200, [
      { recoveries: [recovery('createSignRequest', 14.2), recovery('awaitStatusChange', 12.1)], writesBacklog: '29' },
      { recoveries: [recovery('createSignRequest', 21.5)], writesBacklog: '111' },
    ]);
    expect(result).toMatchObject({
      p100S: 21.5,
      p100SByType: { awaitStatusChange: 12.1, createSignRequest: 21.5 },
      crashes: [
        { inFlight: 2, writesBacklog: '29', p100S: 14.2 },
        { inFlight: 1, writesBacklog: '111', p100S: 21.5 },
      ],
    });
    expect(recoveryCheck('chaos-x.json', result)).toMatchObject({ met: true });
    expect(slowestRecovery([recovery('createSignRequest', 3), recovery('createSignRequest', null)])).toBeNull();
  });

  it('is missed above 30 s or when one did not run again', () => {
    const slow = chaosRecoveryResult(new Date(), 200, [
      { recoveries: [recovery('createSignRequest', 67.4)], writesBacklog: '111' },
    ]);
    expect(recoveryCheck('f', slow)).toMatchObject({ met: false });
    expect(recoveryCheck('f', slow).figure).toContain('createSignRequest 67.4 s');
    const lost = chaosRecoveryResult(new Date(), 200, [
      { recoveries: [recovery('createSignRequest', null)], writesBacklog: '?' },
    ]);
    expect(recoveryCheck('f', lost)).toMatchObject({ met: false, figure: expect.stringContaining('not within') });
  });

  it('reads the newest chaos file of a folder, and nothing from an empty or missing one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaos-results-'));
    try {
      expect(latestChaosRecovery(dir)).toBeUndefined();
      const older = chaosRecoveryResult(new Date('2026-12-07T18:00:00Z'), 200, []);
      const newer = chaosRecoveryResult(new Date('2026-12-07T19:00:00Z'), 100, []);
      writeChaosRecovery(dir, newer);
      writeChaosRecovery(dir, older);
      expect(latestChaosRecovery(dir)?.result.requests).toBe(100);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(latestChaosRecovery(join(dir, 'gone'))).toBeUndefined();
  });
});
