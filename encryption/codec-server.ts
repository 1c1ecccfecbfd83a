import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { createHttpApp } from '../http/app';
import { sendExactJson } from '../http/exact-json';
import { listen } from '../http/listen';
import { registerHealthRoutes } from '../http/health';
import { createMetricsRegistry, serveHttpMetrics } from '../metrics/prom-metrics';
import { acceptAnyBody } from '../http/raw-body';
import { answerUnmatchedEarly } from '../http/unmatched';
import type { Logger } from '../logging/logger';
import { silentLogger } from '../logging/logger';
import type { CodecServerConfig } from './codec-server-config';
import { EncryptionCodec } from './encryption-codec';
import { PayloadDecryptionError } from './errors';
import { MalformedPayloadsError, payloadsFromJson, payloadsToJson } from './payload-json';

/**
 * The remote codec for the Web UI and `temporal … --codec-endpoint`: POST …/encode and …/decode (only the last
 * path segment counts, as the codec protocol asks), CORS for the configured UI origins only, and a bearer token
 * checked before any payload is read.
 */

export interface RunningCodecServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 8 * 1024 * 1024;
const ALLOWED_HEADERS = 'content-type, x-namespace, authorization';

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startCodecServer(
  config: Omit<CodecServerConfig, 'host' | 'port'> & { host?: string; port?: number },
  logger: Logger = silentLogger,
): Promise<RunningCodecServer> {
  const codec = new EncryptionCodec(config.keyRing);
  const expectedToken = digest(config.authToken);
  const allowedOrigins = new Set(config.allowedOrigins);

  const isAuthorized = (request: FastifyRequest, pathToken: string | undefined): boolean => {
    const header = request.headers.authorization;
    const bearer = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
    const presented = bearer ?? (config.acceptTokenInPath ? pathToken : undefined);
    return presented !== undefined && timingSafeEqual(digest(presented), expectedToken);
  };

  const app = createHttpApp({
    bodyLimitBytes: MAX_BODY_BYTES,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
  });
  // The codec protocol's bodies are JSON whatever the declared type; they are parsed here, after the token check.
  acceptAnyBody(app, 'buffer');
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin !== undefined) {
      if (!allowedOrigins.has(origin)) return send(reply, 403, { error: 'origin_not_allowed' });
      reply.header('Access-Control-Allow-Origin', origin);
      reply.header('Access-Control-Allow-Credentials', 'true');
      reply.header('Vary', 'Origin');
    }
    if (request.method === 'OPTIONS') {
      reply.header('Access-Control-Allow-Methods', 'POST, OPTIONS');
      reply.header('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      reply.header('Access-Control-Max-Age', '600');
      return reply.code(204).send();
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    logger.debug('codec server: request', {
      method: request.method,
      action: new URL(request.url, 'http://codec.invalid').pathname.split('/').at(-1),
      namespace: request.headers['x-namespace'],
      status: reply.statusCode,
    });
  });
  // Nothing to wait for: it holds its keys from the start. /health is the older liveness path.
  registerHealthRoutes(app, { check: () => Promise.resolve(null), legacyLivenessPath: '/health' });
  serveHttpMetrics(app, createMetricsRegistry());
  // Only the last path segment names the call (…/encode, …/decode); the one before it may carry the token.
  app.post('/*', {
    onRequest: async (request, reply) => {
      const segments = pathSegments(request);
      if (codecAction(segments) === undefined) return send(reply, 404, { error: 'not_found' });
      if (!isAuthorized(request, segments.at(-2))) {
        return send(reply.header('WWW-Authenticate', 'Bearer'), 401, { error: 'unauthorized' });
      }
    },
    handler: async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const payloads = payloadsFromJson(parseJson(body));
      const action = codecAction(pathSegments(request));
      const converted = action === 'encode' ? await codec.encode(payloads) : await codec.decode(payloads);
      return send(reply, 200, payloadsToJson(converted));
    },
  });
  answerUnmatchedEarly(app, (request, reply) =>
    codecAction(pathSegments(request)) === undefined
      ? send(reply, 404, { error: 'not_found' })
      : send(reply, 405, { error: 'method_not_allowed' }),
  );
  app.setErrorHandler((error: FastifyError, _request, reply) => replyToError(reply, error));

  const server = await listen(app, { host: config.host ?? '127.0.0.1', port: config.port ?? 0 });
  logger.info('codec server: listening', { url: server.url, allowedOrigins: config.allowedOrigins });
  return { url: server.url, port: server.port, stop: () => server.stop() };
}

function pathSegments(request: FastifyRequest): string[] {
  return new URL(request.url, 'http://codec.invalid').pathname.split('/').filter((s) => s !== '');
}

function codecAction(segments: string[]): 'encode' | 'decode' | undefined {
  const action = segments.at(-1);
  return action === 'encode' || action === 'decode' ? action : undefined;
}

function replyToError(reply: FastifyReply, err: FastifyError | Error): FastifyReply {
  if ('code' in err && err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return send(reply, 413, { error: 'body_too_large', message: `bodies are limited to ${MAX_BODY_BYTES} bytes` });
  }
  if (err instanceof HttpError) return send(reply, err.status, { error: err.code, message: err.message });
  if (err instanceof MalformedPayloadsError)
    return send(reply, 400, { error: 'malformed_payloads', message: err.message });
  if (err instanceof PayloadDecryptionError) {
    return send(reply, 422, { error: err.name, reason: err.reason, message: err.message });
  }
  return send(reply, 500, { error: 'internal_error' });
}

function send(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return sendExactJson(reply.header('Cache-Control', 'no-store'), status, body);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'malformed_json', 'body is not JSON');
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
