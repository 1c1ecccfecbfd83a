import { BoxApiError, ControlError, defaultErrorFor } from './errors';
import { isRecord } from './http';

/**
 * What an injected fault does to a matching Box call:
 * - `error`: answers with a Box error (`status`, `code`, `retry-after`) and has no side effects;
 * - `latency`: waits `delay_ms`, then handles the call normally (a create still commits if the caller gave up);
 * - `timeout`: never answers and has no side effects; the caller's own timeout ends the call;
 * - `drop_after_commit`: handles the call normally (a create is stored), then destroys the connection before any
 *   response byte: the write exists on Box but the caller never hears of it.
 * - `drop_mid_body`: handles the call normally, sends the status, the headers (promising the whole body) and the
 *   first `after_bytes` bytes of the body, then destroys the connection: a download cut short. On
 *   `GET /2.0/files/{id}/content` (a redirect) it is carried to the download link handed out.
 */
export const FAULT_KINDS = ['error', 'latency', 'timeout', 'drop_after_commit', 'drop_mid_body'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  kind: FaultKind;
  method: string | null;
  path: string | null;
  /** Share of matching calls hit, 0 < percent <= 100. */
  percent: number;
  /** How many calls the fault hits before it is used up; null = until the faults are cleared. */
  count: number | null;
  status: number | null;
  retry_after_seconds: number | null;
  code: string | null;
  delay_ms: number | null;
  /** `drop_mid_body`: how many body bytes are sent before the connection is cut. */
  after_bytes: number | null;
}

export interface Fault extends FaultSpec {
  id: number;
  /** Hits left; null when unlimited. */
  remaining: number | null;
  applied: number;
}

/** 429 always carries retry-after, as Box's does; a short default keeps client back-off tests quick. */
const DEFAULT_RETRY_AFTER_SECONDS = 1;
const MAX_DELAY_MS = 120_000;

const invalid = (message: string): ControlError => new ControlError(400, { error: 'invalid_fault', message });

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function parseKind(kind: unknown): FaultKind {
  if (kind === undefined) return 'error';
  if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw invalid(`'kind' must be one of ${FAULT_KINDS.join(', ')}`);
  }
  return kind as FaultKind;
}

export function parseFaultSpec(body: unknown): FaultSpec {
  if (!isRecord(body)) throw invalid('body must be a JSON object');
  const { method, path, status, count, percent = 100, retry_after_seconds, code, delay_ms, after_bytes } = body;
  const kind = parseKind(body.kind);
  if (kind === 'error') {
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
      throw invalid("'status' must be an integer HTTP error status (400-599)");
    }
  } else if (status !== undefined) {
    throw invalid(`'status' applies only to kind 'error'`);
  }
  if (count !== undefined && (typeof count !== 'number' || !Number.isInteger(count) || count < 1)) {
    throw invalid("'count' must be a positive integer");
  }
  if (!isNumber(percent) || percent <= 0 || percent > 100) throw invalid("'percent' must be a number in (0, 100]");
  if (method !== undefined && typeof method !== 'string') throw invalid("'method' must be a string");
  if (path !== undefined && typeof path !== 'string') throw invalid("'path' must be a string");
  if (code !== undefined && typeof code !== 'string') throw invalid("'code' must be a string");
  if (retry_after_seconds !== undefined && (!isNumber(retry_after_seconds) || retry_after_seconds < 0)) {
    throw invalid("'retry_after_seconds' must be a non-negative number");
  }
  if (kind === 'latency' && (!isNumber(delay_ms) || delay_ms < 0 || delay_ms > MAX_DELAY_MS)) {
    throw invalid(`'delay_ms' must be a number of milliseconds between 0 and ${MAX_DELAY_MS}`);
  }
  if (kind !== 'latency' && delay_ms !== undefined) throw invalid(`'delay_ms' applies only to kind 'latency'`);
  if (
    kind === 'drop_mid_body' &&
    after_bytes !== undefined &&
    (typeof after_bytes !== 'number' || !Number.isSafeInteger(after_bytes) || after_bytes < 0)
  ) {
    throw invalid("'after_bytes' must be a non-negative whole number of bytes");
  }
  if (kind !== 'drop_mid_body' && after_bytes !== undefined) {
    throw invalid(`'after_bytes' applies only to kind 'drop_mid_body'`);
  }
  return {
    kind,
    method: method === undefined ? null : method.toUpperCase(),
    path: path ?? null,
    percent,
    // "Fail the next N calls" by default; a percentage keeps hitting until it is cleared unless a count caps it.
    count: count ?? (body.percent === undefined ? 1 : null),
    status: kind === 'error' ? (status as number) : null,
    retry_after_seconds: retry_after_seconds ?? (status === 429 ? DEFAULT_RETRY_AFTER_SECONDS : null),
    code: code ?? null,
    delay_ms: kind === 'latency' ? (delay_ms as number) : null,
    after_bytes: kind === 'drop_mid_body' ? ((after_bytes as number | undefined) ?? 0) : null,
  };
}

/** A list of specs (EMULATOR_FAULTS, or the `faults` start option). */
export function parseFaultSpecs(value: unknown): FaultSpec[] {
  if (!Array.isArray(value)) throw invalid('faults must be a JSON array of fault specs');
  return value.map(parseFaultSpec);
}

/** Faults for Box API calls, oldest first. A call gets at most one fault. */
export class FaultInjector {
  private faults: Fault[] = [];
  private nextId = 1;

  constructor(private readonly random: () => number = Math.random) {}

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: this.nextId++, remaining: spec.count, applied: 0 };
    this.faults.push(fault);
    return { ...fault };
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  remove(id: number): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }

  /** The first matching fault whose dice hit consumes one use and applies; a miss falls through to the next one. */
  take(method: string, path: string): Fault | undefined {
    const upper = method.toUpperCase();
    const fault = this.faults.find(
      (f) =>
        (f.method === null || f.method === upper) &&
        (f.path === null || path.includes(f.path)) &&
        (f.percent >= 100 || this.random() * 100 < f.percent),
    );
    if (fault === undefined) return undefined;
    fault.applied += 1;
    if (fault.remaining !== null) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    }
    return { ...fault };
  }
}

export function faultError(fault: Fault): BoxApiError {
  const status = fault.status ?? 500;
  const defaults = defaultErrorFor(status);
  const headers: Record<string, string> =
    fault.retry_after_seconds === null ? {} : { 'retry-after': String(fault.retry_after_seconds) };
  return new BoxApiError(status, fault.code ?? defaults.code, defaults.message, null, headers);
}
