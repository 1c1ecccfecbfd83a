/**
 * A tiny real HTTP server for the Box client tests (no axios mocks): routes by method + path,
 * records every request (headers and raw body) and can hold requests open to provoke timeouts.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LogMeta, Logger } from '../../../logging/logger';

export interface RecordedRequest {
  method: string;
  /** Path without the query string, as received (still percent-encoded). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body's bytes (uploads are not text). */
  raw: Buffer;
}

export type Handler = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>;

interface Route {
  method: string;
  path: string | RegExp;
  handler: Handler;
}

export class TestServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: Route[] = [];

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<TestServer> {
    const holder: { instance?: TestServer } = {};
    const server = createServer((req, res) => {
      if (holder.instance === undefined) throw new Error('server not ready');
      void holder.instance.handle(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    holder.instance = new TestServer(server, (server.address() as AddressInfo).port);
    return holder.instance;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The Box API base on this server, like `https://api.box.com/2.0`. */
  get apiBaseUrl(): string {
    return `${this.origin}/2.0`;
  }

  /** Box's upload base on this server, like `https://upload.box.com/api/2.0`. */
  get uploadBaseUrl(): string {
    return `${this.origin}/api/2.0`;
  }

  get tokenUrl(): string {
    return `${this.origin}/oauth2/token`;
  }

  /** Later registrations win, so a test can override a default route. */
  on(method: string, path: string | RegExp, handler: Handler): this {
    this.routes.unshift({ method, path, handler });
    return this;
  }

  requestsTo(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.origin);
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      raw: Buffer.concat(chunks),
    };
    this.requests.push(recorded);
    const route = this.routes.find(
      (r) =>
        r.method === recorded.method &&
        (typeof r.path === 'string' ? r.path === recorded.path : r.path.test(recorded.path)),
    );
    try {
      if (route === undefined) {
        sendJson(res, 404, boxError(404, 'not_found', 'Not Found', 'test-unrouted'));
        return;
      }
      await route.handler(recorded, res);
    } catch (err) {
      res.statusCode = 599;
      res.end(String(err));
    }
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-length': '0', ...headers });
  res.end();
}

/** Box `ClientError` body. */
export function boxError(status: number, code: string, message: string, requestId: string, contextInfo?: unknown) {
  return {
    type: 'error',
    status,
    code,
    message,
    context_info: contextInfo ?? null,
    help_url: 'https://developer.box.com/guides/api-calls/permissions-and-errors/common-errors/',
    request_id: requestId,
  };
}

export function signRequestJson(id: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'sign-request',
    id,
    status: 'converting',
    signers: [{ email: 'sender@example.com', role: 'final_copy_reader', order: 0 }],
    source_files: [],
    ...extra,
  };
}

/** A TCP port that nothing listens on (bound, then released). */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  meta?: LogMeta;
}

export function captureLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (message: string, meta?: LogMeta) => {
    entries.push(meta === undefined ? { level, message } : { level, message, meta });
  };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Wait until a condition holds (polling the event loop), for requests held open by a handler. */
export async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('waitFor timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
