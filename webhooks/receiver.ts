import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logging/logger';
import { silentLogger } from '../logging/logger';
import type { BoxWebhookEvent } from './box-event';
import { parseBoxEvent } from './box-event';
import { SeenEvents } from './seen-events';
import { WEBHOOK_LIFECYCLE_TRIGGERS, canonicalSignTrigger, wakesWorkflow } from './triggers';
import type { SignatureKeys } from './verify-delivery';
import { DEFAULT_MAX_AGE_SECONDS, verifyBoxDelivery } from './verify-delivery';
import type { NotifyOutcome } from './workflow-notifier';

export interface WebhookReceiverOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  path?: string;
  keys: SignatureKeys;
  maxAgeSeconds?: number;
  notifier: { notify(event: BoxWebhookEvent): Promise<NotifyOutcome> };
  logger?: Logger;
  /** Wall clock in epoch milliseconds. */
  now?: () => number;
}

export interface RunningWebhookReceiver {
  /** Where Box (or the emulator) posts: origin + path. */
  webhookUrl: string;
  port: number;
  /** Rotation: the next delivery is checked against these keys. */
  setKeys(keys: SignatureKeys): void;
  stop(): Promise<void>;
}

/** What the receiver answers; Box reads only the status (2xx = delivered, anything else = retry). */
type Answer = { status: number; body: Record<string, unknown> };

const MAX_BODY_BYTES = 1024 * 1024;
const SAFE_DELIVERY_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * Box's webhook deliveries in, workflow signals out: authenticate (v2 signature on the raw bytes), de-duplicate by
 * event id, hand the event to its workflow, answer. The answer waits for Temporal to accept the signal
 * (milliseconds), so a Temporal outage answers 503 and Box's own retries carry the event until it heals.
 */
export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<RunningWebhookReceiver> {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? Date.now;
  const path = options.path ?? '/webhooks/box';
  const seen = new SeenEvents();
  let keys = options.keys;

  const receive = async (req: IncomingMessage, rawBody: Buffer): Promise<Answer> => {
    const deliveryId = safeDeliveryId(req.headers['box-delivery-id']);
    const verdict = verifyBoxDelivery(req.headers, rawBody, {
      keys,
      nowMs: now(),
      maxAgeSeconds: options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS,
    });
    if (!verdict.ok) {
      logger.warn('webhook delivery rejected', { status: 401, reason: verdict.reason, deliveryId });
      return { status: 401, body: { error: 'unauthorized' } };
    }
    const parsed = parseBoxEvent(rawBody);
    if (!parsed.ok) {
      logger.warn('webhook delivery rejected', {
        status: 400,
        reason: 'malformed_payload',
        problem: parsed.problem,
        deliveryId,
      });
      return { status: 400, body: { error: 'malformed_payload' } };
    }
    const event = parsed.event;
    const context = {
      deliveryId,
      eventId: event.id,
      trigger: safeTrigger(event.trigger),
      signRequestId: event.signRequestId,
    };
    if (WEBHOOK_LIFECYCLE_TRIGGERS.has(event.trigger)) {
      // The webhook itself is gone or its app lost its session: deliveries will stop until someone acts.
      logger.error('Box webhook lifecycle event: the webhook needs attention', context);
      return { status: 200, body: { result: 'acknowledged' } };
    }
    const trigger = canonicalSignTrigger(event.trigger);
    if (trigger === undefined) {
      logger.warn('webhook delivery rejected', { status: 400, reason: 'unsupported_trigger', ...context });
      return { status: 400, body: { error: 'unsupported_trigger' } };
    }
    if (!wakesWorkflow(trigger)) {
      logger.info('webhook event acknowledged (nothing to confirm on Box)', context);
      return { status: 200, body: { result: 'acknowledged' } };
    }
    if (event.signRequestId === null) {
      logger.warn('webhook delivery rejected', { status: 400, reason: 'missing_sign_request_id', ...context });
      return { status: 400, body: { error: 'malformed_payload' } };
    }
    const inFlight = seen.pending(event.id);
    if (seen.has(event.id, now()) || inFlight !== undefined) {
      const delivered = inFlight === undefined ? true : await inFlight;
      logger.info('webhook event already handled', { ...context, result: 'duplicate' });
      return delivered ? { status: 200, body: { result: 'duplicate' } } : unavailable();
    }
    let outcome: NotifyOutcome;
    try {
      outcome = await seen.once(event.id, now(), () => options.notifier.notify(event));
    } catch (err) {
      logger.warn('webhook event not handed on; Box will retry', { ...context, status: 503, error: errorText(err) });
      return unavailable();
    }
    const workflowId = 'workflowId' in outcome ? outcome.workflowId : undefined;
    logger.info('webhook event handled', {
      ...context,
      result: outcome.kind,
      workflowId,
      signedWith: verdict.signedWith,
    });
    return { status: 200, body: { result: outcome.kind } };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://receiver.invalid');
    if (req.method === 'GET' && url.pathname === '/health') return reply(res, { status: 200, body: { status: 'ok' } });
    if (url.pathname !== path) return reply(res, { status: 404, body: { error: 'not_found' } });
    if (req.method !== 'POST') return reply(res, { status: 405, body: { error: 'method_not_allowed' } });
    const rawBody = await readBody(req);
    if (rawBody === undefined) {
      logger.warn('webhook delivery rejected', { status: 413, reason: 'body_too_large' });
      return reply(res, { status: 413, body: { error: 'body_too_large' } });
    }
    reply(res, await receive(req, rawBody));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      logger.error('webhook receiver failure', { error: errorText(err) });
      reply(res, { status: 500, body: { error: 'internal_error' } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const webhookUrl = `http://${urlHost}:${port}${path}`;
  logger.info('webhook receiver: listening', {
    url: webhookUrl,
    primaryKey: keys.primary !== undefined,
    secondaryKey: keys.secondary !== undefined,
  });
  let stopped: Promise<void> | undefined;
  return {
    webhookUrl,
    port,
    setKeys(next) {
      keys = next;
      logger.info('webhook receiver: signature keys replaced', {
        primaryKey: next.primary !== undefined,
        secondaryKey: next.secondary !== undefined,
      });
    },
    stop() {
      stopped ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

function unavailable(): Answer {
  return { status: 503, body: { error: 'temporarily_unavailable' } };
}

/** Header values come from anyone who can reach the port: only an id-shaped value goes into a log line. */
function safeDeliveryId(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return undefined;
  return SAFE_DELIVERY_ID.test(first) ? first : 'malformed';
}

function safeTrigger(trigger: string): string {
  return /^[A-Z_.]{1,64}$/.test(trigger) ? trigger : 'malformed';
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

function reply(res: ServerResponse, answer: Answer): void {
  if (res.headersSent) return;
  const payload = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(payload)),
    'cache-control': 'no-store',
  });
  res.end(payload);
}

/** The raw bytes as sent (the signature covers them), or undefined past the size limit. */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
