import { Readable } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { boxErrorResponse, boxRoutes, handleBoxCall, isBoxApiPath } from './box-routes';
import type { EmulatorContext } from './context';
import { controlRoutes, handleControlCall } from './control-routes';
import { BoxApiError, defaultErrorFor, notFound } from './errors';
import { createFastifyApp, sendExactJson } from './fastify-app';
import type { ByteBody, EmulatorRequest, EmulatorResponse, Route, RouteMatch, RouteParams, RouteTable } from './http';

const BODY_LIMIT_BYTES = 1024 * 1024;

/** How a call's body reaches its handler: parsed by fastify as text, streamed (uploads), or read here as text. */
type BodyMode = 'parsed' | 'stream' | 'read';
const NOT_FOUND: RouteMatch = { kind: 'not_found' };

/**
 * The emulator's fastify app: the Box API and the control API from their route tables, paths matched as Box does
 * (a trailing or doubled slash is the same path), any body kept as the text it was (Box reads JSON without a JSON
 * content type, and a form on /oauth2/token), and every miss answered in Box's or the control API's own shape.
 * `afterCall` runs after every answer (the server persists state there).
 */
export function createEmulatorApp(ctx: EmulatorContext, afterCall: () => void): FastifyInstance {
  const app = createFastifyApp({
    bodyLimitBytes: BODY_LIMIT_BYTES,
    // A path fastify cannot even decode is one Box does not have.
    frameworkErrors: (_error, request, reply) => void serve(request, reply, unmatched),
  });

  const serve = async (
    request: FastifyRequest,
    reply: FastifyReply,
    answer: (req: EmulatorRequest) => Promise<EmulatorResponse>,
    mode: BodyMode = 'parsed',
  ) => {
    let response: EmulatorResponse;
    try {
      const req = await emulatorRequest(request, mode);
      await ctx.clock.sync();
      response = await answer(req);
      ctx.webhooks.observe();
      ctx.logger.debug('emulator: request', { method: req.method, path: req.url.pathname, status: response.status });
    } catch (error) {
      response = boxErrorResponse(ctx, error);
    }
    send(request, reply, response, afterCall);
  };
  const unmatched = (req: EmulatorRequest): Promise<EmulatorResponse> => {
    const path = req.url.pathname;
    if (path === '/_emulator' || path.startsWith('/_emulator/')) return handleControlCall(ctx, NOT_FOUND, req);
    if (isBoxApiPath(path)) return handleBoxCall(ctx, NOT_FOUND, req);
    return Promise.resolve(boxErrorResponse(ctx, notFound()));
  };

  mountRoutes(app, boxRoutes(ctx), (request, reply, match, mode) =>
    serve(request, reply, (req) => handleBoxCall(ctx, match, req), mode),
  );
  mountRoutes(app, controlRoutes(ctx), (request, reply, match, mode) =>
    serve(request, reply, (req) => handleControlCall(ctx, match, req), mode),
  );
  app.setNotFoundHandler((request, reply) => serve(request, reply, unmatched));
  // Failures before a handler runs: the body (too large, unreadable) or its declared type.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    send(request, reply, boxErrorResponse(ctx, boxErrorFor(error)), afterCall);
  });
  return app;
}

type Serve = (request: FastifyRequest, reply: FastifyReply, match: RouteMatch, mode: BodyMode) => Promise<void>;

/**
 * One fastify route per pattern, taking every method, so that a known path asked with a method it does not serve
 * is a 405 that lists the ones it does (fastify alone would say 404). A pattern with a streaming route (uploads)
 * lives in a context of its own whose bodies fastify leaves unread: the handler streams it, or it is read here.
 */
function mountRoutes(app: FastifyInstance, table: RouteTable, serve: Serve): void {
  const patterns = new Map<string, Map<string, Route>>();
  for (const route of table.routes) {
    const byMethod = patterns.get(route.pattern) ?? new Map<string, Route>();
    byMethod.set(route.method, route);
    patterns.set(route.pattern, byMethod);
  }
  const streamed = [...patterns].filter(([, byMethod]) => [...byMethod.values()].some((r) => r.streaming));
  const parsed = [...patterns].filter(([, byMethod]) => ![...byMethod.values()].some((r) => r.streaming));
  for (const [pattern, byMethod] of parsed) mountPattern(app, pattern, byMethod, serve, false);
  if (streamed.length === 0) return;
  void app.register((child, _options, done) => {
    child.removeAllContentTypeParsers();
    child.addContentTypeParser('*', (_request, _payload, parsed) => parsed(null));
    for (const [pattern, byMethod] of streamed) mountPattern(child, pattern, byMethod, serve, true);
    done();
  });
}

function mountPattern(
  app: FastifyInstance,
  pattern: string,
  byMethod: Map<string, Route>,
  serve: Serve,
  unread: boolean,
): void {
  const allow = [...byMethod.keys()];
  app.route({
    method: app.supportedMethods,
    url: pattern,
    // Returning the reply tells fastify the answer is under way (a streamed body is still being sent).
    handler: async (request, reply) => {
      const route = byMethod.get(request.method);
      const params = request.params as RouteParams;
      const mode: BodyMode = !unread ? 'parsed' : route?.streaming ? 'stream' : 'read';
      await serve(
        request,
        reply,
        route ? { kind: 'found', handler: route.handler, params } : { kind: 'method_not_allowed', allow },
        mode,
      );
      return reply;
    },
  });
}

async function emulatorRequest(request: FastifyRequest, mode: BodyMode): Promise<EmulatorRequest> {
  const base = {
    method: request.method,
    url: new URL(request.url, 'http://emulator.invalid'),
    headers: request.headers,
  };
  if (mode === 'stream') return { ...base, body: '', stream: request.raw };
  if (mode === 'read') return { ...base, body: await readText(request.raw) };
  return { ...base, body: typeof request.body === 'string' ? request.body : '' };
}

/** A body fastify left unread, as text, within the same limit as the bodies it reads. */
async function readText(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_LIMIT_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const tooLarge = (): BoxApiError =>
  new BoxApiError(413, 'request_entity_too_large', `request body exceeds ${BODY_LIMIT_BYTES} bytes`);

function send(request: FastifyRequest, reply: FastifyReply, response: EmulatorResponse, afterCall: () => void): void {
  afterCall();
  if (response.connection === 'drop') {
    // The call took effect (and the state was saved) but the caller gets no response at all.
    reply.hijack();
    request.raw.socket.destroy();
    return;
  }
  // A held call is never answered: the caller's timeout ends it, or stop() closes the connection.
  if (response.connection === 'hold') {
    reply.hijack();
    return;
  }
  reply.headers(response.headers ?? {});
  const bytes = response.bytes ?? (response.cutAfterBytes === undefined ? undefined : jsonBytes(response));
  if (bytes !== undefined) {
    if (response.cutAfterBytes !== undefined) {
      sendCut(request, reply, response, bytes, response.cutAfterBytes);
      return;
    }
    void reply.code(response.status).header('content-length', String(bytes.length)).send(bytes.open());
    return;
  }
  if (response.json === undefined) {
    void reply.code(response.status).header('content-length', '0').send();
    return;
  }
  void sendExactJson(reply, response.status, response.json);
}

function jsonBytes(response: EmulatorResponse): ByteBody {
  const buffer = Buffer.from(response.json === undefined ? '' : JSON.stringify(response.json));
  if (response.json !== undefined) response.headers = { 'content-type': 'application/json', ...response.headers };
  return {
    length: buffer.length,
    open: (range) => Readable.from([range === undefined ? buffer : buffer.subarray(range.start, range.end + 1)]),
  };
}

/**
 * An injected body fault: the status and headers (promising the whole length), the first `after` bytes, then the
 * connection is destroyed, as when a download host goes away mid-transfer.
 */
function sendCut(
  request: FastifyRequest,
  reply: FastifyReply,
  response: EmulatorResponse,
  body: ByteBody,
  after: number,
): void {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(response.status, { ...response.headers, 'content-length': String(body.length) });
  const cut = (): void => void raw.write(Buffer.alloc(0), () => request.raw.socket.destroy());
  const count = Math.min(after, body.length);
  if (count <= 0) {
    cut();
    return;
  }
  const source = body.open({ start: 0, end: count - 1 });
  source.on('error', () => request.raw.socket.destroy());
  source.on('end', cut);
  source.pipe(raw, { end: false });
}

function boxErrorFor(error: FastifyError): unknown {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return tooLarge();
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const { code, message } = defaultErrorFor(status);
    return new BoxApiError(status, code, message);
  }
  return error;
}
