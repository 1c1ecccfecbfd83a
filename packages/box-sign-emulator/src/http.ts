import type { IncomingHttpHeaders } from 'node:http';

export interface EmulatorRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * `json === undefined` means an empty body (e.g. Box's 202 on resend). `connection` is for injected faults:
 * `drop` destroys the socket instead of answering, `hold` never answers.
 */
export interface EmulatorResponse {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
  connection?: 'drop' | 'hold';
}

export type RouteParams = Record<string, string>;
export type RouteHandler = (params: RouteParams, req: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>;

/** What routing found for a request; the Box and control APIs each answer the misses in their own error shape. */
export type RouteMatch =
  | { kind: 'found'; handler: RouteHandler; params: RouteParams }
  | { kind: 'method_not_allowed'; allow: string[] }
  | { kind: 'not_found' };

export interface Route {
  method: string;
  pattern: string;
  handler: RouteHandler;
}

/** Patterns like `/2.0/sign_requests/:id/cancel`; `:name` segments arrive URL-decoded as params (see app.ts). */
export class RouteTable {
  readonly routes: Route[] = [];

  on(method: string, pattern: string, handler: RouteHandler): this {
    this.routes.push({ method: method.toUpperCase(), pattern, handler });
    return this;
  }
}

export type JsonParse = { ok: true; value: unknown } | { ok: false };

/** An empty body parses as `undefined` so callers can treat it as "no body". */
export function parseJson(body: string): JsonParse {
  if (body.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    return { ok: false };
  }
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
