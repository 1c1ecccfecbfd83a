import { optionalTsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import type { SignRequestInput } from '../../contracts';
import { boxEventSignal, statusQuery } from '../../contracts';
import type { EmulatorCall } from 'box-sign-emulator';
import type { Harness, HarnessOptions } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor, eventually } from '../support/signers';

/**
 * Fairness between senders, on jest's dev server (which runs with scripts/temporal-dynamic-config.ts), a real worker
 * and the emulator over HTTP. Senders are told apart by the fairness key their input's sender gives every activity
 * (contracts/sender.ts); the call log's external_id (the workflow id) says whose request a create was. Assertions are
 * on order and counts from the call log, never on wall-clock thresholds.
 */

const SENDER_A = { boxUserId: '20001' };
const SENDER_B = { boxUserId: '20002' };
/** Polls far apart: creates are what these tests watch, and fewer GETs keep the machine quiet. */
const QUIET_POLLING = { initialIntervalMs: 600_000, backoffCoefficient: 1, maximumIntervalMs: 600_000 };
/** A check 300 ms after each change, then every 10 minutes. */
const SENT_THEN_QUIET = { initialIntervalMs: 300, backoffCoefficient: 2_000, maximumIntervalMs: 600_000 };
/** Far more GETs than a low read quota lets through. */
const FAST_POLLING = { initialIntervalMs: 200, backoffCoefficient: 1, maximumIntervalMs: 200 };
/** Lifted so that only the quota a test is about can throttle anything. */
const LIFTED = { writesPerMinute: 600_000, readsPerMinute: 600_000 };

const { TASK_QUEUE_TYPE_ACTIVITY } = temporal.api.enums.v1.TaskQueueType;

function request(sender: SignRequestInput['sender'], polling = QUIET_POLLING): SignRequestInput {
  return signRequest({ sender, polling, signers: [{ email: 'signer@example.com', password: 'pw' }] });
}

async function startMany(h: Harness, count: number, sender: SignRequestInput['sender']): Promise<string[]> {
  return Promise.all(Array.from({ length: count }, () => h.start(request(sender))));
}

/** The creates Box accepted, in the order the emulator answered them. */
async function creates(h: Harness): Promise<EmulatorCall[]> {
  const calls = await h.control.calls();
  return calls.filter((c) => c.method === 'POST' && c.path === '/2.0/sign_requests' && c.status < 300);
}

/** The most calls inside any window of `windowMs` (both ends included). */
function mostInWindow(calls: EmulatorCall[], windowMs: number): number {
  const times = calls.map((c) => Date.parse(c.at)).sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < times.length; last += 1) {
    while (times[last]! - times[first]! > windowMs) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/**
 * Temporal's per-key limiter is a bucket holding one second of the rate (defaultBurstDuration in the server's
 * matching/ratelimit_manager.go): within any window of W seconds a key gets at most rate × (W + 1) tasks, plus the
 * one that finds the bucket full. The call log is stamped when the emulator answers, which on a loaded machine can
 * bunch calls dispatched apart: up to JITTER_S seconds' worth. docs/operations.md has the measured figures.
 */
const JITTER_S = 2;

function allowed(perSecond: number, windowSeconds: number): number {
  return Math.floor(perSecond * (windowSeconds + 1 + JITTER_S)) + 1;
}

function only(calls: EmulatorCall[], workflowIds: string[]): EmulatorCall[] {
  return calls.filter((c) => workflowIds.includes(c.external_id ?? ''));
}

/** When the workflow scheduled its create (its history): from then on the create waited in the task queue. */
async function createScheduledAtMs(h: Harness, workflowId: string): Promise<number> {
  const history = await h.client.workflow.getHandle(workflowId).fetchHistory();
  const scheduled = (history.events ?? []).find(
    (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'createSignRequest',
  );
  const at = optionalTsToMs(scheduled?.eventTime ?? undefined);
  if (at === undefined) throw new Error(`${workflowId} scheduled no create`);
  return at;
}

/**
 * Where the small sender's creates fell in the bulk's stream: how many of the bulk's creates were still to come when
 * the last of the small sender's was scheduled, and how many of those went out before the small sender's last one.
 */
async function overtaking(h: Harness, all: EmulatorCall[], small: string[]) {
  const scheduledAt = Math.max(...(await Promise.all(small.map((id) => createScheduledAtMs(h, id)))));
  const smallDoneAt = Math.max(...only(all, small).map((c) => Date.parse(c.at)));
  const bulkLater = all.filter((c) => !small.includes(c.external_id ?? '') && Date.parse(c.at) > scheduledAt);
  return {
    order: all.map((c) => (small.includes(c.external_id ?? '') ? 'B' : 'A')).join(''),
    bulkWaiting: bulkLater.length,
    bulkAhead: bulkLater.filter((c) => Date.parse(c.at) < smallDoneAt).length,
  };
}

async function withHarness(options: HarnessOptions, run: (h: Harness) => Promise<void>): Promise<void> {
  const h = await startHarness(options);
  try {
    await run(h);
  } finally {
    await h.teardown();
  }
}

describe('per-sender quotas held by Temporal: one sender’s bulk neither delays another nor exceeds its quota', () => {
  it('sender B’s creates go out at once while sender A’s bulk still waits, each inside its own write quota', async () => {
    const perSecond = 2;
    await withHarness({ senderRateLimits: { ...LIFTED, writesPerMinute: perSecond * 60 } }, async (h) => {
      const bulk = await startMany(h, 20, SENDER_A);
      await eventually(
        () => creates(h),
        (done) => done.length >= 2,
      );
      const small = await startMany(h, 3, SENDER_B);
      const all = await eventually(
        () => creates(h),
        (done) => done.length === bulk.length + small.length,
        30_000,
      );

      // A's creates went out at 2 a second; once B's were scheduled they went next, ahead of A's backlog.
      const overtake = await overtaking(h, all, small);
      expect({ ...overtake, ok: overtake.bulkWaiting >= 6 && overtake.bulkAhead <= 3 }).toEqual({
        ...overtake,
        ok: true,
      });
      // Without the quota the bulk's 20 would go out within a second.
      const window = 3;
      expect(mostInWindow(only(all, bulk), window * 1_000)).toBeLessThanOrEqual(allowed(perSecond, window));
      expect(mostInWindow(only(all, small), window * 1_000)).toBeLessThanOrEqual(allowed(perSecond, window));
    });
  }, 60_000);

  it('with worker slots the bottleneck, another sender’s creates are interleaved, not queued behind the bulk', async () => {
    // One activity slot and a slow Box: the queue's order alone decides who goes next (matching.enableFairness).
    await withHarness({ senderRateLimits: LIFTED, maxConcurrentActivities: 1 }, async (h) => {
      await h.control.addFault({
        kind: 'latency',
        delay_ms: 300,
        method: 'POST',
        path: '/2.0/sign_requests',
        percent: 100, // every create, until the harness goes
      });
      const bulk = await startMany(h, 20, SENDER_A);
      await eventually(
        () => creates(h),
        (done) => done.length >= 1,
      );
      const small = await startMany(h, 2, SENDER_B);
      const all = await eventually(
        () => creates(h),
        (done) => done.length === bulk.length + small.length,
        30_000,
      );
      // FIFO (no fairness) would run all of A's waiting creates before B's: bulkAhead = bulkWaiting.
      const overtake = await overtaking(h, all, small);
      expect({ ...overtake, ok: overtake.bulkWaiting >= 4 && overtake.bulkAhead <= 3 }).toEqual({
        ...overtake,
        ok: true,
      });
    });
  }, 60_000);

  it('the GET that confirms a webhook goes before a backlog of the same sender’s polls', async () => {
    const perSecond = 2;
    await withHarness({ senderRateLimits: { ...LIFTED, readsPerMinute: perSecond * 60 } }, async (h) => {
      // The request the webhook is for sees `sent` at once, then polls every 10 minutes: none of its polls is in the
      // backlog.
      const target = await h.start(request(SENDER_A, SENT_THEN_QUIET));
      const targetId = await boxRequestFor(h.control, target);
      const handle = h.client.workflow.getHandle(target);
      await eventually(
        () => handle.query(statusQuery),
        (s) => s.boxStatus === 'sent',
      );
      // 25 requests of the same sender polling every 200 ms: far more GETs than its 2 a second.
      await Promise.all(Array.from({ length: 25 }, () => h.start(request(SENDER_A, FAST_POLLING))));
      const backlog = await eventually(
        () => pollBacklog(h),
        (count) => count >= 15,
        30_000,
      );

      const callsBefore = (await h.control.calls()).length;
      await handle.signal(boxEventSignal, {
        eventId: 'evt-fairness',
        trigger: 'SIGN_REQUEST.SIGNER_SIGNED',
        signRequestId: targetId,
        receivedAt: new Date().toISOString(),
      });
      const isConfirm = (c: EmulatorCall) => c.method === 'GET' && c.path === `/2.0/sign_requests/${targetId}`;
      const after = await eventually(
        async () => (await h.control.calls()).slice(callsBefore).filter((c) => c.method === 'GET'),
        (gets) => gets.some(isConfirm),
        30_000,
      );
      const confirm = after.findIndex(isConfirm);
      // Without priority it would wait its turn behind the backlog (≥ 15 polls); with it, at most the polls already
      // dispatched when it was scheduled go first.
      const pollsBeforeConfirm = after.slice(0, confirm).length;
      expect({ backlog, pollsBeforeConfirm, ok: pollsBeforeConfirm <= allowed(perSecond, 0) }).toEqual({
        backlog,
        pollsBeforeConfirm,
        ok: true,
      });
      await handle.cancel();
    });
  }, 90_000);
});

/** Activity tasks waiting on the main queue (the polls), as Temporal counts them. */
async function pollBacklog(h: Harness): Promise<number> {
  const response = await h.testEnv.connection.workflowService.describeTaskQueue({
    namespace: h.testEnv.namespace ?? 'default',
    taskQueue: { name: h.taskQueue },
    taskQueueType: TASK_QUEUE_TYPE_ACTIVITY,
    reportStats: true,
  });
  return Number(response.stats?.approximateBacklogCount ?? 0);
}
