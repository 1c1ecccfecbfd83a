import { BoxApiError, ControlError, defaultErrorFor } from './errors';
import { isRecord } from './http';

export interface FaultSpec {
  method: string | null;
  path: string | null;
  status: number;
  count: number;
  retry_after_seconds: number | null;
  code: string | null;
}

export interface Fault extends FaultSpec {
  id: number;
  remaining: number;
}

/** 429 always carries retry-after, as Box's does; a short default keeps client back-off tests quick. */
const DEFAULT_RETRY_AFTER_SECONDS = 1;

const invalid = (message: string): ControlError => new ControlError(400, { error: 'invalid_fault', message });

export function parseFaultSpec(body: unknown): FaultSpec {
  if (!isRecord(body)) throw invalid('body must be a JSON object');
  const { method, path, status, count = 1, retry_after_seconds, code } = body;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
    throw invalid("'status' must be an integer HTTP error status (400-599)");
  }
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    throw invalid("'count' must be a positive integer");
  }
  if (method !== undefined && typeof method !== 'string') throw invalid("'method' must be a string");
  if (path !== undefined && typeof path !== 'string') throw invalid("'path' must be a string");
  if (code !== undefined && typeof code !== 'string') throw invalid("'code' must be a string");
  if (retry_after_seconds !== undefined && (typeof retry_after_seconds !== 'number' || retry_after_seconds < 0)) {
    throw invalid("'retry_after_seconds' must be a non-negative number");
  }
  return {
    method: method === undefined ? null : method.toUpperCase(),
    path: path ?? null,
    status,
    count,
    retry_after_seconds: retry_after_seconds ?? (status === 429 ? DEFAULT_RETRY_AFTER_SECONDS : null),
    code: code ?? null,
  };
}

/** Queued failures for Box API calls. A matched call is answered with the fault and has no side effects. */
export class FaultInjector {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: this.nextId++, remaining: spec.count };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }

  /** Consumes one use of the oldest matching fault, if any. */
  take(method: string, path: string): Fault | undefined {
    const fault = this.faults.find(
      (f) => (f.method === null || f.method === method.toUpperCase()) && (f.path === null || path.includes(f.path)),
    );
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }
}

export function faultError(fault: Fault): BoxApiError {
  const defaults = defaultErrorFor(fault.status);
  const headers: Record<string, string> =
    fault.retry_after_seconds === null ? {} : { 'retry-after': String(fault.retry_after_seconds) };
  return new BoxApiError(fault.status, fault.code ?? defaults.code, defaults.message, null, headers);
}
