import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyServerOptions } from 'fastify';

/** `type/subtype` with optional parameters, as fastify requires before it hands a body to any parser. */
const MEDIA_TYPE = /^\s*[\w!#$%&'*+.^`|~-]+\/[\w!#$%&'*+.^`|~-]+\s*(;|$)/;

/**
 * A fastify app that matches paths as leniently as Box does (a trailing or doubled slash is the same path) and
 * hands every body to the routes as the text it was, whatever its declared type: Box reads JSON without a JSON
 * content type, and a form on /oauth2/token.
 */
export function createFastifyApp(options: {
  bodyLimitBytes: number;
  frameworkErrors: FastifyServerOptions['frameworkErrors'];
}): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimitBytes,
    requestTimeout: 30_000,
    return503OnClosing: true,
    forceCloseConnections: true,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 2048 },
    frameworkErrors: options.frameworkErrors,
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  // Fastify refuses a malformed Content-Type with 415 before any parser runs; Box does not look at it.
  app.addHook('onRequest', (request, _reply, done) => {
    const type = request.headers['content-type'];
    if (type !== undefined && !MEDIA_TYPE.test(type)) delete request.headers['content-type'];
    done();
  });
  return app;
}

/** JSON under exactly `content-type: application/json`, as Box sends it (fastify would append a charset). */
export function sendExactJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/json')
    .send(Buffer.from(JSON.stringify(body)));
}

export interface RunningHttpServer {
  /** Origin to reach the server at, e.g. http://127.0.0.1:8788 (a wildcard host is reached on loopback). */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts listening (port 0 picks a free one) and returns where, with an idempotent stop. */
export async function listen(app: FastifyInstance, host: string, port: number): Promise<RunningHttpServer> {
  await app.listen({ host, port });
  const address = app.server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    stop() {
      stopped ??= app.close();
      return stopped;
    },
  };
}
