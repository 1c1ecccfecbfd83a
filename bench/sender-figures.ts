import { bucketOf } from 'box-sign-emulator';
import { peakInWindow } from './metrics';

/** The part of an emulator call record (GET /_emulator/calls) that the per-sender figures read. */
export interface LoggedCall {
  at: string;
  method: string;
  path: string;
  status: number;
  /** The acting Box user (as-user, or the authenticated user), when the emulator resolved one. */
  user_id?: string | null;
  external_id?: string | null;
  rate_limited?: true;
}

/** The key of calls whose user the emulator did not resolve (an unknown as-user, a refused token). */
export const UNKNOWN_USER = 'unknown';

export type QuotaBucket = 'create_resend' | 'get';

/**
 * The calls Box's per-user quota counts in `bucket`: every call of the bucket it admitted (a 429 is not admitted,
 * a timeout was never answered).
 */
export function admittedCalls(calls: LoggedCall[], bucket: QuotaBucket): LoggedCall[] {
  return calls.filter((c) => c.status !== 0 && c.rate_limited !== true && bucketOf(c.method, c.path) === bucket);
}

/** Per acting user, the most admitted calls of `bucket` in any 60-second window (what Box's per-minute limit sees). */
export function peakPerMinuteBySender(calls: LoggedCall[], bucket: QuotaBucket): Map<string, number> {
  return peakBySender(calls, bucket, 60_000);
}

/** Per acting user, the most admitted calls of `bucket` in any window of `windowMs`. */
export function peakBySender(calls: LoggedCall[], bucket: QuotaBucket, windowMs: number): Map<string, number> {
  const timesBySender = new Map<string, number[]>();
  for (const call of admittedCalls(calls, bucket)) {
    const sender = call.user_id ?? UNKNOWN_USER;
    const times = timesBySender.get(sender) ?? [];
    times.push(Date.parse(call.at));
    timesBySender.set(sender, times);
  }
  return new Map([...timesBySender].map(([sender, times]) => [sender, peakInWindow(times, windowMs)]));
}

/** The largest of the per-sender peaks, 0 for none. */
export function maxPeak(peaks: Map<string, number>): number {
  return Math.max(0, ...peaks.values());
}

/** When Box created each request: its first 2xx create, by external_id (the bench's workflow id). */
export function createdAtByExternalId(calls: LoggedCall[]): Map<string, number> {
  const created = new Map<string, number>();
  for (const call of calls) {
    if (call.method !== 'POST' || call.path.replace(/\/+$/, '') !== '/2.0/sign_requests') continue;
    if (call.status < 200 || call.status >= 300 || !call.external_id || created.has(call.external_id)) continue;
    created.set(call.external_id, Date.parse(call.at));
  }
  return created;
}

/** Seconds from each request's start to its creation on Box, for the ones created. */
export function startToCreatedSeconds(startedAtMs: Map<string, number>, createdAtMs: Map<string, number>): number[] {
  const seconds: number[] = [];
  for (const [workflowId, started] of startedAtMs) {
    const created = createdAtMs.get(workflowId);
    if (created !== undefined) seconds.push((created - started) / 1000);
  }
  return seconds;
}

/** Seconds from the bulk's first start to its last creation on Box; NaN when none was created. */
export function drainSeconds(startedAtMs: number[], createdAtMs: number[]): number {
  if (startedAtMs.length === 0 || createdAtMs.length === 0) return NaN;
  return (Math.max(...createdAtMs) - Math.min(...startedAtMs)) / 1000;
}

/** The least time a bulk can take inside the quota: `bulk` creates at `quotaPerMinute`. */
export function floorSeconds(bulk: number, quotaPerMinute: number): number {
  return (bulk / quotaPerMinute) * 60;
}
