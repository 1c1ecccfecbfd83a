import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from '../logging/logger';
import { boxErrorResponse, boxRouter, handleBoxCall, isBoxApiPath } from './box-routes';
import type { TimeSource } from './clock';
import { EmulatorContext } from './context';
import { BoxApiError, ControlError, notFound } from './errors';
import { controlRouter, handleControlCall } from './control-routes';
import { BodyTooLargeError, readBody, writeResponse, type EmulatorRequest, type EmulatorResponse } from './http';
import { parseFaultSpecs, type FaultSpec } from './faults';
import { loadState, StateWriter } from './persistence';
import { BOX_PUBLISHED_RATE_LIMITS, type RateLimitConfig } from './rate-limits';
import { DEFAULT_WEBHOOK_SENDER_CONFIG, parseWebhookSenderConfig, type WebhookSenderConfig } from './webhooks/config';

export interface EmulatorOptions {
  host?: string;
  port?: number;
  senderEmail?: string;
  senderId?: number;
  developerToken?: string;
  clientId?: string;
  clientSecret?: string;
  tokenTtlSeconds?: number;
  conversionDelayMs?: number;
  finalizingDelayMs?: number;
  stateFile?: string;
  logger?: Logger;
  /** Faults installed at start (same specs as `POST /_emulator/faults`). */
  faults?: unknown[];
  /** Box's published rate limits, enforced when `enabled` (see rate-limits.ts). */
  rateLimits?: Partial<RateLimitConfig>;
  /** Webhook delivery (address, keys, triggers…; see webhooks/config.ts); without an address, none. */
  webhooks?: Partial<WebhookSenderConfig>;
  /**
   * Another clock to follow (in-process use only), read before every call: the bench's lifetime run gives it a
   * Temporal time-skipping server's time, so that Box's time skips with the workflows'.
   */
  timeSource?: TimeSource;
}

export interface RunningEmulator {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export const EMULATOR_DEFAULTS = {
  host: '127.0.0.1',
  senderEmail: 'sender@emulator.box.test',
  senderId: 11446498,
  developerToken: 'emulator-developer-token',
  clientId: 'emulator-client-id',
  clientSecret: 'emulator-client-secret',
  tokenTtlSeconds: 3600,
  conversionDelayMs: 300,
  finalizingDelayMs: 300,
} as const;

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const o = { ...EMULATOR_DEFAULTS, ...stripUndefined(options) };
  const logger = options.logger ?? silentLogger;
  const ctx = new EmulatorContext({
    auth: {
      developerToken: o.developerToken,
      clientId: o.clientId,
      clientSecret: o.clientSecret,
      tokenTtlSeconds: o.tokenTtlSeconds,
    },
    timings: { conversionDelayMs: o.conversionDelayMs, finalizingDelayMs: o.finalizingDelayMs },
    sender: { email: o.senderEmail, id: o.senderId },
    logger,
    rateLimits: { ...BOX_PUBLISHED_RATE_LIMITS, ...options.rateLimits },
    webhooks: initialWebhooks(options.webhooks),
  });
  for (const spec of initialFaults(options.faults)) ctx.faults.add(spec);
  const writer = options.stateFile === undefined ? undefined : new StateWriter(options.stateFile);
  if (options.stateFile !== undefined) {
    const saved = loadState(options.stateFile);
    if (saved) ctx.restore(saved);
    writer?.save(ctx.snapshot());
  }
  if (options.timeSource) ctx.clock.follow(options.timeSource);
  ctx.webhooks.observe();
  const box = boxRouter(ctx);
  const control = controlRouter(ctx);

  const dispatch = async (req: EmulatorRequest): Promise<EmulatorResponse> => {
    const path = req.url.pathname;
    if (path === '/_emulator' || path.startsWith('/_emulator/')) return handleControlCall(ctx, control, req);
    if (isBoxApiPath(path)) return handleBoxCall(ctx, box, req);
    return boxErrorResponse(ctx, notFound());
  };

  const onRequest = async (raw: IncomingMessage, res: ServerResponse): Promise<void> => {
    let response: EmulatorResponse;
    try {
      const url = new URL(raw.url ?? '/', 'http://emulator.invalid');
      const body = await readBody(raw);
      await ctx.clock.sync();
      response = await dispatch({ method: raw.method ?? 'GET', url, headers: raw.headers, body });
      ctx.webhooks.observe();
      logger.debug('emulator: request', { method: raw.method, path: url.pathname, status: response.status });
    } catch (error) {
      const tooLarge = error instanceof BodyTooLargeError;
      response = boxErrorResponse(
        ctx,
        tooLarge ? new BoxApiError(413, 'request_entity_too_large', error.message) : error,
      );
    }
    // Reads can change state too (time-driven transitions), so persist after every call; unchanged state is skipped.
    try {
      writer?.save(ctx.snapshot());
    } catch (error) {
      logger.error('emulator: could not write state file', { file: options.stateFile, error: String(error) });
    }
    if (response.connection === 'drop') {
      // The call took effect (and the state was saved) but the caller gets no response at all.
      raw.socket.destroy();
      return;
    }
    // A held call is never answered: the caller's timeout ends it, or stop() closes the connection.
    if (response.connection === 'hold') return;
    writeResponse(res, response);
  };

  const server = createServer((req, res) => void onRequest(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = o.host === '0.0.0.0' || o.host === '::' ? '127.0.0.1' : o.host.includes(':') ? `[${o.host}]` : o.host;
  const url = `http://${urlHost}:${port}`;
  ctx.baseUrl = url;
  logger.info('emulator: listening', { url, state_file: options.stateFile ?? null });

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    ctx.webhooks.stop();
    stopped ??= new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
    return stopped;
  };
  return { url, port, stop };
}

function initialFaults(specs: unknown[] | undefined): FaultSpec[] {
  try {
    return parseFaultSpecs(specs ?? []);
  } catch (error) {
    const message = error instanceof ControlError ? error.body.message : undefined;
    const detail = typeof message === 'string' ? message : String(error);
    throw new Error(`invalid fault spec: ${detail}`);
  }
}

function initialWebhooks(config: Partial<WebhookSenderConfig> | undefined): WebhookSenderConfig {
  try {
    return parseWebhookSenderConfig(config ?? {}, DEFAULT_WEBHOOK_SENDER_CONFIG);
  } catch (error) {
    const message = error instanceof ControlError ? error.body.message : undefined;
    throw new Error(`invalid webhook settings: ${typeof message === 'string' ? message : String(error)}`);
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
