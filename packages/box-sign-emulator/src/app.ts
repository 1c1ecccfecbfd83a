import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { boxErrorResponse, boxRoutes, handleBoxCall, isBoxApiPath } from './box-routes';
import type { EmulatorContext } from './context';
import { controlRoutes, handleControlCall } from './control-routes';
import { BoxApiError, defaultErrorFor, notFound } from './errors';
import { createFastifyApp, sendExactJson } from './fastify-app';
import type { EmulatorRequest, EmulatorResponse, RouteHandler, RouteMatch, RouteParams, RouteTable } from './http';

const BODY_LIMIT_BYTES = 1024 * 1024;
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
  ) => {
    let response: EmulatorResponse;
    try {
      const req = emulatorRequest(request);
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

  mountRoutes(app, boxRoutes(ctx), (request, reply, match) =>
    serve(request, reply, (req) => handleBoxCall(ctx, match, req)),
  );
  mountRoutes(app, controlRoutes(ctx), (request, reply, match) =>
    serve(request, reply, (req) => handleControlCall(ctx, match, req)),
  );
  app.setNotFoundHandler((request, reply) => serve(request, reply, unmatched));
  // Failures before a handler runs: the body (too large, unreadable) or its declared type.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    send(request, reply, boxErrorResponse(ctx, boxErrorFor(error)), afterCall);
  });
  return app;
}

/**
 * One fastify route per pattern, taking every method, so that a known path asked with a method it does not serve
 * is a 405 that lists the ones it does (fastify alone would say 404).
 */
function mountRoutes(
  app: FastifyInstance,
  table: RouteTable,
  serve: (request: FastifyRequest, reply: FastifyReply, match: RouteMatch) => Promise<void>,
): void {
  const patterns = new Map<string, Map<string, RouteHandler>>();
  for (const route of table.routes) {
    const byMethod = patterns.get(route.pattern) ?? new Map<string, RouteHandler>();
    byMethod.set(route.method, route.handler);
    patterns.set(route.pattern, byMethod);
  }
  for (const [pattern, byMethod] of patterns) {
    const allow = [...byMethod.keys()];
    app.route({
      method: app.supportedMethods,
      url: pattern,
      handler: (request, reply) => {
        const handler = byMethod.get(request.method);
        const params = request.params as RouteParams;
        return serve(
          request,
          reply,
          handler ? { kind: 'found', handler, params } : { kind: 'method_not_allowed', allow },
        );
      },
    });
  }
}

function emulatorRequest(request: FastifyRequest): EmulatorRequest {
  return {
    method: request.method,
    url: new URL(request.url, 'http://emulator.invalid'),
    headers: request.headers,
    body: typeof request.body === 'string' ? request.body : '',
  };
}

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
  if (response.json === undefined) {
    void reply.code(response.status).header('content-length', '0').send();
    return;
  }
  void sendExactJson(reply, response.status, response.json);
}

function boxErrorFor(error: FastifyError): unknown {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new BoxApiError(413, 'request_entity_too_large', `request body exceeds ${BODY_LIMIT_BYTES} bytes`);
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const { code, message } = defaultErrorFor(status);
    return new BoxApiError(status, code, message);
  }
  return error;
}
