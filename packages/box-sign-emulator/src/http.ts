import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

export interface EmulatorRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  /** The body as text; empty on streaming routes, which read `stream` instead. */
  body: string;
  /** The unread body of a call to a streaming route (uploads), never held whole in memory. */
  stream?: Readable;
}

/** A response body of raw bytes (a download): its length, and its bytes (`range` inclusive, within the body). */
export interface ByteBody {
  length: number;
  open(range?: { start: number; end: number }): Readable;
}

/**
 * `json === undefined` means an empty body (e.g. Box's 202 on resend). `connection` is for injected faults:
 * `drop` destroys the socket instead of answering, `hold` never answers.
 */
export interface EmulatorResponse {
  status: number;
  json?: unknown;
  /** Bytes instead of JSON (downloads); `headers` then carry their type. */
  bytes?: ByteBody;
  headers?: Record<string, string>;
  connection?: 'drop' | 'hold';
  /** An injected fault: the connection is cut after this many body bytes (the headers promise them all). */
  cutAfterBytes?: number;
  /** A download link this answer handed out (`GET /files/{id}/content`): where a body fault is carried to. */
  downloadToken?: string;
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
  /** The handler reads `req.stream` itself (uploads); other routes get the body as text. */
  streaming: boolean;
}

/** Patterns like `/2.0/sign_requests/:id/cancel`; `:name` segments arrive URL-decoded as params (see app.ts). */
export class RouteTable {
  readonly routes: Route[] = [];

  on(method: string, pattern: string, handler: RouteHandler): this {
    this.routes.push({ method: method.toUpperCase(), pattern, handler, streaming: false });
    return this;
  }

  /** A route whose body is streamed to the handler (`req.stream`) rather than read whole. */
  onStream(method: string, pattern: string, handler: RouteHandler): this {
    this.routes.push({ method: method.toUpperCase(), pattern, handler, streaming: true });
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
