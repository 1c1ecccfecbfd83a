/**
 * One error type for every failed Box call (API or token endpoint). It carries only plain, safe fields:
 * never the axios error, its config, the request body (signer passwords, phone numbers) or any header.
 */
import { isAxiosError } from 'axios';

/** What a BoxApiError is built from: its own fields, nothing else. */
export type BoxApiErrorInit = Pick<
  BoxApiError,
  'status' | 'code' | 'boxMessage' | 'requestId' | 'contextInfo' | 'retryable' | 'retryAfterMs' | 'method' | 'path'
>;

export class BoxApiError extends Error {
  override readonly name = 'BoxApiError';
  /** HTTP status; undefined for network errors and timeouts. */
  status?: number;
  /** Box `code` (not validated against the spec enum), OAuth2 `error`, or one of our own codes (see BOX_CLIENT_CODES). */
  code: string;
  boxMessage: string;
  requestId?: string;
  contextInfo?: unknown;
  /** Network errors, timeouts, 408, 429 and 5xx except 507. Everything else (other 4xx, 3xx, 507) is final. */
  retryable: boolean;
  /** From the `retry-after` response header, when present and parseable. */
  retryAfterMs?: number;
  method: string;
  /** Path relative to the API base (or the token endpoint's path), without a query string. */
  path: string;

  constructor(init: BoxApiErrorInit) {
    super(formatMessage(init));
    this.code = init.code;
    this.boxMessage = init.boxMessage;
    this.retryable = init.retryable;
    this.method = init.method;
    this.path = init.path;
    if (init.status !== undefined) this.status = init.status;
    if (init.requestId !== undefined) this.requestId = init.requestId;
    if (init.contextInfo !== undefined) this.contextInfo = init.contextInfo;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }
}

/** Codes this client produces itself when Box gave none. */
export const BOX_CLIENT_CODES = {
  network: 'network_error',
  timeout: 'timeout',
  /** A 2xx whose body is not the expected JSON shape. */
  invalidResponse: 'invalid_response',
  /** Rejected before any HTTP call (e.g. an empty ID). */
  invalidArgument: 'invalid_argument',
  /** A thrown value that is not an HTTP failure (a bug, most likely). */
  unexpected: 'unexpected_error',
} as const;

function formatMessage(init: BoxApiErrorInit): string {
  const outcome = init.status === undefined ? init.code : `${init.status} ${init.code}`;
  const detail = init.boxMessage === '' ? '' : `: ${init.boxMessage}`;
  const requestId = init.requestId === undefined ? '' : ` (request_id ${init.requestId})`;
  return `Box API ${init.method} ${init.path} failed with ${outcome}${detail}${requestId}`;
}

/** Retry classification shared by the API client and the token endpoint. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 507);
}

/**
 * `retry-after` is either delay-seconds (Box sends integers; floats are accepted like Box's TS SDK does)
 * or an HTTP date. Returns milliseconds, never negative; undefined when absent or unparseable.
 */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date always names the weekday/month; this keeps V8's lenient Date.parse away from '-1' and the like.
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A 2xx whose body is not `what` the call expects: a server or proxy fault, retried like a 5xx. */
export function invalidResponse(call: { method: string; path: string }, status: number, what: string): BoxApiError {
  return new BoxApiError({
    status,
    code: BOX_CLIENT_CODES.invalidResponse,
    boxMessage: `response body is not ${what}`,
    retryable: true,
    method: call.method.toUpperCase(),
    path: call.path,
  });
}

function stringField(record: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = record?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function headerValue(headers: unknown, name: string): unknown {
  if (!isRecord(headers)) return undefined;
  // AxiosHeaders lower-cases names from Node; plain objects (tests, adapters) may not.
  const get = headers['get'];
  if (typeof get === 'function') return (get as (n: string) => unknown).call(headers, name);
  return headers[name] ?? headers[name.toLowerCase()];
}

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/**
 * Maps anything thrown by an axios call to a BoxApiError. `method` and `path` are what the caller
 * reports (path relative to the API base, no query string), never taken from the axios config.
 */
/**
 * Box answers some refusals with an empty body and the reason in `WWW-Authenticate` only, e.g. a 403 for an `as-user`
 * the app may not act as: `Bearer realm="Service", error="insufficient_scope", error_description="…"`.
 */
function bearerChallenge(header: unknown): { error?: string; description?: string } {
  if (typeof header !== 'string') return {};
  const param = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(header)?.[1];
  const error = param('error');
  const description = param('error_description');
  return { ...(error ? { error } : {}), ...(description ? { description } : {}) };
}

export function toBoxApiError(err: unknown, method: string, path: string, now: () => number = Date.now): BoxApiError {
  if (err instanceof BoxApiError) return err;
  const upperMethod = method.toUpperCase();

  if (isAxiosError(err)) {
    const response = err.response;
    if (response !== undefined) {
      const status = response.status;
      const body = isRecord(response.data) ? response.data : undefined;
      // ClientError {code, message, request_id, context_info} or OAuth2Error {error, error_description}.
      const challenge = bearerChallenge(headerValue(response.headers, 'www-authenticate'));
      const code = stringField(body, 'code') ?? stringField(body, 'error') ?? challenge.error ?? `http_${status}`;
      const boxMessage =
        stringField(body, 'message') ??
        stringField(body, 'error_description') ??
        challenge.description ??
        (typeof response.statusText === 'string' ? response.statusText : '');
      const headerRequestId = headerValue(response.headers, 'box-request-id');
      const requestId =
        stringField(body, 'request_id') ??
        (typeof headerRequestId === 'string' && headerRequestId !== '' ? headerRequestId : undefined);
      const init: BoxApiErrorInit = {
        status,
        code,
        boxMessage,
        retryable: isRetryableStatus(status),
        method: upperMethod,
        path,
      };
      if (requestId !== undefined) init.requestId = requestId;
      const contextInfo = body?.['context_info'];
      if (contextInfo !== undefined && contextInfo !== null) init.contextInfo = contextInfo;
      const retryAfterMs = parseRetryAfter(headerValue(response.headers, 'retry-after'), now());
      if (retryAfterMs !== undefined) init.retryAfterMs = retryAfterMs;
      return new BoxApiError(init);
    }

    const errCode = err.code ?? '';
    const isTimeout = TIMEOUT_CODES.has(errCode) || (errCode === 'ECONNABORTED' && /timeout/i.test(err.message ?? ''));
    // AxiosError messages for transport failures are e.g. "connect ECONNREFUSED 127.0.0.1:8788" or
    // "timeout of 20000ms exceeded": no URL query, header or body content.
    return new BoxApiError({
      code: isTimeout ? BOX_CLIENT_CODES.timeout : BOX_CLIENT_CODES.network,
      boxMessage: err.message || errCode,
      retryable: true,
      method: upperMethod,
      path,
    });
  }

  const message = err instanceof Error ? `${err.name}: ${err.message}` : 'non-error value thrown';
  return new BoxApiError({
    code: BOX_CLIENT_CODES.unexpected,
    boxMessage: message,
    retryable: false,
    method: upperMethod,
    path,
  });
}
