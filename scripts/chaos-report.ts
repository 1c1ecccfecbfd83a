import type { EmulatorCall, EmulatorRequestView, EmulatorStats } from 'box-sign-emulator';
import type { PlannedRequest } from './chaos-plan';

/** How one workflow ended, as Temporal reports it. */
export interface WorkflowEnding {
  status: string;
  outcome?: string;
  signRequestId?: string;
}

export interface ChaosFigures {
  requests: number;
  completed: number;
  duplicates: number;
  lost: number;
  boxCalls: number;
  retries: number;
  wallSeconds: number;
  problems: string[];
}

/**
 * The verdict, from the emulator's own state (Box's side) and from Temporal: a workflow counts as completed only
 * when it ended with the outcome its signers chose and with the one Box request that carries its external_id.
 * Every extra request for an external_id (or one with an unknown external_id) is a duplicate; every workflow that
 * did not complete that way is lost.
 */
export function judge(
  plans: PlannedRequest[],
  endings: Map<string, WorkflowEnding>,
  boxRequests: EmulatorRequestView[],
  stats: EmulatorStats,
  wallSeconds: number,
): ChaosFigures {
  const byExternalId = new Map<string, string[]>();
  for (const view of boxRequests) {
    const externalId = view.sign_request.external_id ?? '';
    byExternalId.set(externalId, [...(byExternalId.get(externalId) ?? []), view.sign_request.id]);
  }
  const planned = new Set(plans.map((plan) => plan.workflowId));
  const problems: string[] = [];
  let duplicates = 0;
  for (const [externalId, ids] of byExternalId) {
    const extra = planned.has(externalId) ? ids.length - 1 : ids.length;
    if (extra > 0) problems.push(`${externalId || '(no external_id)'}: ${ids.length} Box requests (${ids.join(', ')})`);
    duplicates += Math.max(0, extra);
  }
  let completed = 0;
  for (const plan of plans) {
    const ending = endings.get(plan.workflowId);
    const ids = byExternalId.get(plan.workflowId) ?? [];
    const right =
      ending?.status === 'COMPLETED' &&
      ending.outcome === plan.expected &&
      ids.length >= 1 &&
      ids.includes(ending.signRequestId ?? '');
    if (right) completed += 1;
    else {
      problems.push(
        `${plan.workflowId}: expected ${plan.expected}, got ${ending?.status ?? 'nothing'}` +
          `${ending?.outcome ? ` ${ending.outcome}` : ''} with ${ids.length} Box request(s)`,
      );
    }
  }
  return {
    requests: plans.length,
    completed,
    duplicates,
    lost: plans.length - completed,
    boxCalls: stats.calls,
    retries: retriedCalls(stats),
    wallSeconds,
    problems,
  };
}

/** Box calls that failed in a way our policy retries: 429, 5xx, no answer (timeout), or a dropped connection. */
export function retriedCalls(stats: EmulatorStats): number {
  const failedStatuses = Object.entries(stats.by_status)
    .filter(([status]) => status === '0' || status === '429' || Number(status) >= 500)
    .reduce((sum, [, count]) => sum + count, 0);
  return failedStatuses + stats.faults.drop_after_commit;
}

/** The most creates and resends Box accepted in any 60 s window: Box's limit is 100 per minute. */
export function maxWritesPerMinute(calls: EmulatorCall[]): number {
  const accepted = calls
    .filter(
      (c) =>
        c.method === 'POST' &&
        ((c.path === '/2.0/sign_requests' && c.status === 201) || (c.path.endsWith('/resend') && c.status === 202)),
    )
    .map((c) => Date.parse(c.at))
    .sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < accepted.length; end++) {
    while ((accepted[end] ?? 0) - (accepted[start] ?? 0) >= 60_000) start += 1;
    max = Math.max(max, end - start + 1);
  }
  return max;
}

export function figuresLine(f: ChaosFigures): string {
  return (
    `requests=${f.requests} completed=${f.completed} duplicates=${f.duplicates} lost=${f.lost} ` +
    `box_calls=${f.boxCalls} retries=${f.retries} wall=${f.wallSeconds.toFixed(0)}s`
  );
}

export function faultsLine(stats: EmulatorStats, calls: EmulatorCall[]): string {
  const count = (predicate: (status: number) => boolean) =>
    Object.entries(stats.by_status)
      .filter(([status]) => predicate(Number(status)))
      .reduce((sum, [, n]) => sum + n, 0);
  const droppedCreates = new Set(
    calls.filter((c) => c.fault === 'drop_after_commit' && c.method === 'POST').map((c) => c.external_id),
  ).size;
  return (
    `faults: 5xx=${count((s) => s >= 500)} 429=${count((s) => s === 429)} (rate_limited=${stats.rate_limited}) ` +
    `lost_create_responses=${droppedCreates} timeouts=${stats.faults.timeout} latency=${stats.faults.latency} ` +
    `max_creates_per_minute=${maxWritesPerMinute(calls)}`
  );
}
