import { EMULATOR_USERS } from 'box-sign-emulator';
import { sleep } from '../scripts/processes';
import type { BenchStack } from './bench-stack';
import { untilCreatedOnBox } from './created-on-box';
import type { Percentiles } from './metrics';
import { percentiles } from './metrics';
import type { BenchOptions } from './options';
import { WEBHOOK_BACKSTOP_POLLING } from './policies';
import { startRequests } from './requests';
import type { SenderRateLimits } from '../quotas/sender-rate-limits';
import type { SenderQuota } from './sender-quotas';
import { senderLimitsFor, senderQuota } from './sender-quotas';
import {
  createdAtByExternalId,
  drainSeconds,
  floorSeconds,
  maxPeak,
  peakBySender,
  peakPerMinuteBySender,
  startToCreatedSeconds,
} from './sender-figures';
import { describeAll } from './workflow-figures';

export interface SendersResult {
  quota: SenderQuota;
  /** What Temporal dispatches per sender and minute (the product's margin below the quota). */
  limits: SenderRateLimits;
  /** Sender A's bulk, started at once. */
  bulk: { sender: string; requests: number; created: number; drainS: number; floorS: number };
  /** Senders B and C, each starting `requests` a little after A. */
  small: { senders: string[]; requests: number; created: number; delayS: number; startToCreatedS: Percentiles };
  /** The emulator's 429s (its per-user quotas). */
  box429: number;
  /** Per sender, the most admitted creates + resends in any 60 seconds. */
  createsPerMinuteBySender: Record<string, number>;
  maxCreatesPerMinute: number;
  /**
   * The most creates + resends of one sender in any 5 s: the bursts a per-minute figure hides (a steady 90 a minute
   * is 7.5 in 5 s; a per-key limit counted per task-queue partition lets more through at once).
   */
  maxCreatesPer5s: number;
}

/** The emulator's built-in users (20001…20003): A sends the bulk, B and C their few requests. */
const [BULK_SENDER = '20001', ...SMALL_SENDERS] = EMULATOR_USERS.map((user) => user.id);

/**
 * Many senders on one deployment: the emulator enforces each user's quota, Temporal holds each sender to the
 * product's share of it (fairness keys), A starts `bulkMinutes` × its quota at once and B and C start a few
 * requests `smallDelayS` later. Nobody signs: the figures are the creates (the emulator's call log, per user).
 */
export async function runSenders(
  stack: BenchStack,
  options: Pick<BenchOptions, 'senderQuota' | 'bulkMinutes' | 'smallRequests' | 'smallDelayS'>,
  runId: string,
  say: (line: string) => void,
): Promise<SendersResult> {
  const { client, control } = stack;
  const quota = senderQuota(options.senderQuota);
  const limits = senderLimitsFor(quota);
  const senders = [BULK_SENDER, ...SMALL_SENDERS];
  await stack.resetEmulator(true);
  await stack.addSenders(senders);
  await stack.enforceQuotas(quota);
  const taskQueue = `bench-${runId}-senders`;
  const worker = await stack.startWorker(taskQueue, { senders, senderLimits: limits });
  const bulkCount = options.bulkMinutes * quota.createResendPerMinute;
  const floorS = floorSeconds(bulkCount, quota.createResendPerMinute);
  const began = Date.now();
  const start = (sender: string, count: number, label: string) =>
    startRequests(client, taskQueue, count, WEBHOOK_BACKSTOP_POLLING, {
      sealing: stack.sealing,
      keyPrefix: `${taskQueue}-${label}`,
      senderOf: () => sender,
      allowedSenders: senders,
    });
  const [bulkSigners, smallSigners] = await Promise.all([
    start(BULK_SENDER, bulkCount, 'A'),
    sleep(options.smallDelayS * 1000).then(async () =>
      (
        await Promise.all(SMALL_SENDERS.map((sender, i) => start(sender, options.smallRequests, `BC`[i] ?? `${i}`)))
      ).flat(),
    ),
  ]);
  say(
    `senders: A started ${bulkCount} at once (floor ${floorS.toFixed(0)} s at ${quota.createResendPerMinute}/min), ` +
      `B and C ${options.smallRequests} each ${options.smallDelayS} s later; waiting for Box to create them`,
  );
  const bulkIds = bulkSigners.map((s) => s.workflowId);
  const smallIds = smallSigners.map((s) => s.workflowId);
  const calls = await untilCreatedOnBox(control, [...bulkIds, ...smallIds], began + 3 * floorS * 1000 + 600_000, (n) =>
    say(`senders: ${n} of ${bulkIds.length + smallIds.length} created`),
  );
  await worker.stop();
  const stats = await control.stats();
  const created = createdAtByExternalId(calls);
  const startedAt = new Map(
    (await describeAll(client, [...bulkIds, ...smallIds])).map((f) => [f.workflowId, f.startMs]),
  );
  const bulkCreated = bulkIds.flatMap((id) => created.get(id) ?? []);
  const smallCreatedS = startToCreatedSeconds(new Map(smallIds.map((id) => [id, startedAt.get(id) ?? NaN])), created);
  const peaks = peakPerMinuteBySender(calls, 'create_resend');
  return {
    quota,
    limits,
    bulk: {
      sender: BULK_SENDER,
      requests: bulkIds.length,
      created: bulkCreated.length,
      drainS: drainSeconds(
        bulkIds.map((id) => startedAt.get(id) ?? NaN).filter((ms) => !Number.isNaN(ms)),
        bulkCreated,
      ),
      floorS,
    },
    small: {
      senders: SMALL_SENDERS,
      requests: options.smallRequests,
      created: smallCreatedS.length,
      delayS: options.smallDelayS,
      startToCreatedS: percentiles(smallCreatedS),
    },
    box429: stats.rate_limited,
    createsPerMinuteBySender: Object.fromEntries(peaks),
    maxCreatesPerMinute: maxPeak(peaks),
    maxCreatesPer5s: maxPeak(peakBySender(calls, 'create_resend', 5_000)),
  };
}

/** The run's one machine-readable line. */
export function sendersLine(result: SendersResult): string {
  return (
    `senders: box_429=${result.box429} max_creates_per_min=${result.maxCreatesPerMinute} ` +
    `max_creates_per_5s=${result.maxCreatesPer5s} ` +
    `quota_per_min=${result.quota.createResendPerMinute} ` +
    `small_p99_created_s=${result.small.startToCreatedS.p99.toFixed(2)} ` +
    `bulk_drain_s=${result.bulk.drainS.toFixed(1)} floor_s=${result.bulk.floorS.toFixed(1)}`
  );
}
