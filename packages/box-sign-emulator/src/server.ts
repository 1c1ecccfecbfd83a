import { silentLogger, type Logger } from './logger';
import { createEmulatorApp } from './app';
import type { TimeSource } from './clock';
import { EmulatorContext } from './context';
import { ControlError } from './errors';
import { listen } from './fastify-app';
import { parseFaultSpecs, type FaultSpec } from './faults';
import { loadState, StateWriter } from './persistence';
import { BOX_PUBLISHED_RATE_LIMITS, type RateLimitConfig } from './rate-limits';
import { AUTHENTICATED_USER, type EmulatorUser } from './users';
import { DEFAULT_WEBHOOK_SENDER_CONFIG, parseWebhookSenderConfig, type WebhookSenderConfig } from './webhooks/config';

export interface EmulatorOptions {
  host?: string;
  port?: number;
  /** The authenticated user's login and id (the default sender); more users: users.ts. */
  senderEmail?: string;
  senderId?: number;
  developerToken?: string;
  clientId?: string;
  clientSecret?: string;
  tokenTtlSeconds?: number;
  conversionDelayMs?: number;
  finalizingDelayMs?: number;
  stateFile?: string;
  /**
   * Where uploaded and made files' bytes are kept (named by SHA-1); default: next to the state file
   * (`<stateFile>.files`), else a temporary directory removed by `stop()`.
   */
  filesDir?: string;
  logger?: Logger;
  /** Faults installed at start (same specs as `POST /_emulator/faults`). */
  faults?: unknown[];
  /** Box's published rate limits, each user's quota, enforced when `enabled` (see rate-limits.ts). */
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
  senderEmail: AUTHENTICATED_USER.login,
  senderId: Number(AUTHENTICATED_USER.id),
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
    authenticatedUser: authenticatedUser(o.senderEmail, o.senderId),
    logger,
    rateLimits: { ...BOX_PUBLISHED_RATE_LIMITS, ...options.rateLimits },
    webhooks: initialWebhooks(options.webhooks),
    filesDir: options.filesDir ?? (options.stateFile === undefined ? undefined : `${options.stateFile}.files`),
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
  // Reads can change state too (time-driven transitions), so persist after every call; unchanged state is skipped.
  const saveState = (): void => {
    try {
      writer?.save(ctx.snapshot());
    } catch (error) {
      logger.error('emulator: could not write state file', { file: options.stateFile, error: String(error) });
    }
  };
  let server;
  try {
    server = await listen(createEmulatorApp(ctx, saveState), o.host, o.port ?? 0);
  } catch (error) {
    ctx.webhooks.stop();
    ctx.dispose();
    throw error;
  }
  ctx.baseUrl = server.url;
  logger.info('emulator: listening', { url: server.url, state_file: options.stateFile ?? null });
  return {
    url: server.url,
    port: server.port,
    stop: async () => {
      ctx.webhooks.stop();
      await server.stop();
      ctx.dispose();
    },
  };
}

function authenticatedUser(login: string, id: number): EmulatorUser {
  if (login === AUTHENTICATED_USER.login && String(id) === AUTHENTICATED_USER.id) return AUTHENTICATED_USER;
  return { id: String(id), login, name: login };
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
