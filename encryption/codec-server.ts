import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

  const isAuthorized = (req: IncomingMessage, pathToken: string | undefined): boolean => {
    const header = req.headers.authorization;
    const bearer = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
    const presented = bearer ?? (config.acceptTokenInPath ? pathToken : undefined);
    return presented !== undefined && timingSafeEqual(digest(presented), expectedToken);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<number> => {
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (!allowedOrigins.has(origin)) return reply(res, 403, { error: 'origin_not_allowed' });
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
    }
    const segments = new URL(req.url ?? '/', 'http://codec.invalid').pathname.split('/').filter((s) => s !== '');
    const action = segments.at(-1);
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', '600');
      return reply(res, 204);
    }
    if (req.method === 'GET' && segments.length === 1 && action === 'health') return reply(res, 200, { status: 'ok' });
    if (action !== 'encode' && action !== 'decode') return reply(res, 404, { error: 'not_found' });
    if (req.method !== 'POST') return reply(res, 405, { error: 'method_not_allowed' });
    if (!isAuthorized(req, segments.at(-2))) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return reply(res, 401, { error: 'unauthorized' });
    }
    const payloads = payloadsFromJson(parseJson(await readBody(req)));
    const converted = action === 'encode' ? await codec.encode(payloads) : await codec.decode(payloads);
    return reply(res, 200, payloadsToJson(converted));
  };

  const server = createServer((req, res) => {
    handle(req, res)
      .catch((err: unknown) => replyToError(res, err))
      .then(
        (status) =>
          logger.debug('codec server: request', {
            method: req.method,
            action: new URL(req.url ?? '/', 'http://codec.invalid').pathname.split('/').at(-1),
            namespace: req.headers['x-namespace'],
            status,
          }),
        () => undefined,
      );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port ?? 0, config.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host ?? '127.0.0.1';
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  logger.info('codec server: listening', { url, allowedOrigins: config.allowedOrigins });
  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    stop() {
      stopped ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

function replyToError(res: ServerResponse, err: unknown): number {
  if (err instanceof HttpError) return reply(res, err.status, { error: err.code, message: err.message });
  if (err instanceof MalformedPayloadsError)
    return reply(res, 400, { error: 'malformed_payloads', message: err.message });
  if (err instanceof PayloadDecryptionError) {
    return reply(res, 422, { error: err.name, reason: err.reason, message: err.message });
  }
  return reply(res, 500, { error: 'internal_error' });
}

function reply(res: ServerResponse, status: number, body?: unknown): number {
  if (res.headersSent) return status;
  if (body === undefined) {
    res.writeHead(status).end();
  } else {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  }
  return status;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, 'body_too_large', `bodies are limited to ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
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
