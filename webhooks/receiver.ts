import type { IncomingHttpHeaders } from 'node:http';
import rateLimit from '@fastify/rate-limit';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import { DEFAULT_MAX_AGE_SECONDS, WEBHOOK_RECEIVER_SETTINGS } from '../config/settings/webhook-receiver';
import { createHttpApp } from '../http/app';
import { sendExactJson } from '../http/exact-json';
import { listen } from '../http/listen';
import { acceptAnyBody } from '../http/raw-body';
import { answerUnmatchedEarly } from '../http/unmatched';
import type { ReadinessCheck } from '../http/health';
import { registerHealthRoutes } from '../http/health';
import type { Logger } from '../logging/logger';
import { silentLogger } from '../logging/logger';
import { METRICS } from '../metrics/names';
import { counter, createMetricsRegistry, histogram, serveHttpMetrics } from '../metrics/prom-metrics';
import type { BoxWebhookEvent } from './box-event';
import { parseBoxEvent } from './box-event';
import { SeenEvents } from './seen-events';
import { WEBHOOK_LIFECYCLE_TRIGGERS, canonicalSignTrigger, notifiesWorkflow } from './triggers';
import type { SignatureKeys } from './verify-delivery';
import { verifyBoxDelivery } from './verify-delivery';
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
  /** Where the receiver's metrics go (served at /metrics); its own registry if absent. */
  metrics?: Registry;
  /** Readiness (/readyz): main checks that Temporal answers; always ready if absent. */
  readiness?: ReadinessCheck;
  /** WEBHOOK_RECEIVER_RATE_LIMIT_PER_MINUTE: deliveries one address may post per minute (then 429). */
  rateLimitPerMinute?: number;
}

export interface RunningWebhookReceiver {
  /** Where Box (or the emulator) posts: origin + path. */
  webhookUrl: string;
  port: number;
  /** Rotation: the next delivery is checked against these keys. */
  setKeys(keys: SignatureKeys): void;
  stop(): Promise<void>;
}

/**
 * What the receiver answers; Box reads only the status (2xx = delivered, anything else = retry). `verdict` is the
 * delivery's label in box_sign_webhook_deliveries_total: a notify result, duplicate, or the rejection reason.
 */
type Answer = { status: number; body: Record<string, unknown>; verdict?: string };

/**
 * Box's Sign deliveries are a few kilobytes (box-sign-api.md §6.3: the event, `created_by`, the signed file's full
 * object, `signer_emails`). The largest Box could send stays far below 64 KiB: 36 addresses of 254 characters
 * (9 KiB), and a file object whose `path_collection` holds 20 folders of 255 characters escaped as \uXXXX (32 KiB).
 * Anything bigger is not Box: refused (413) before it is read into memory, let alone hashed.
 */
export const MAX_BODY_BYTES = 64 * 1024;
const RATE_LIMITED = 'WEBHOOK_RATE_LIMITED';
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
  const registry = options.metrics ?? createMetricsRegistry();
  const deliveries = counter(registry, METRICS.webhookDeliveries);
  const signalSeconds = histogram(registry, METRICS.webhookSignalDuration);

  const receive = async (headers: IncomingHttpHeaders, rawBody: Buffer): Promise<Answer> => {
    const deliveryId = safeDeliveryId(headers['box-delivery-id']);
    const verdict = verifyBoxDelivery(headers, rawBody, {
      keys,
      nowMs: now(),
      maxAgeSeconds: options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS,
    });
    if (!verdict.ok) {
      logger.warn('webhook delivery rejected', { status: 401, reason: verdict.reason, deliveryId });
      return { status: 401, body: { error: 'unauthorized' }, verdict: verdict.reason };
    }
    const parsed = parseBoxEvent(rawBody);
    if (!parsed.ok) {
      logger.warn('webhook delivery rejected', {
        status: 400,
        reason: 'malformed_payload',
        problem: parsed.problem,
        deliveryId,
      });
      return { status: 400, body: { error: 'malformed_payload' }, verdict: 'malformed_payload' };
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
      return { status: 200, body: { result: 'acknowledged' }, verdict: 'lifecycle_event' };
    }
    const trigger = canonicalSignTrigger(event.trigger);
    if (trigger === undefined) {
      logger.warn('webhook delivery rejected', { status: 400, reason: 'unsupported_trigger', ...context });
      return { status: 400, body: { error: 'unsupported_trigger' }, verdict: 'unsupported_trigger' };
    }
    if (!notifiesWorkflow(trigger)) {
      logger.info('webhook event acknowledged (nothing to confirm on Box)', context);
      return { status: 200, body: { result: 'acknowledged' }, verdict: 'acknowledged' };
    }
    if (event.signRequestId === null) {
      logger.warn('webhook delivery rejected', { status: 400, reason: 'missing_sign_request_id', ...context });
      return { status: 400, body: { error: 'malformed_payload' }, verdict: 'missing_sign_request_id' };
    }
    const inFlight = seen.pending(event.id);
    if (seen.has(event.id, now()) || inFlight !== undefined) {
      const delivered = inFlight === undefined ? true : await inFlight;
      logger.info('webhook event already handled', { ...context, result: 'duplicate' });
      return delivered ? { status: 200, body: { result: 'duplicate' }, verdict: 'duplicate' } : unavailable();
    }
    let outcome: NotifyOutcome;
    const stopTimer = signalSeconds.startTimer();
    try {
      outcome = await seen.once(event.id, now(), () => options.notifier.notify(event));
      stopTimer();
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
    return { status: 200, body: { result: outcome.kind }, verdict: outcome.kind };
  };

  const app = createHttpApp({ bodyLimitBytes: MAX_BODY_BYTES });
  // The signature covers the bytes as sent, whatever the declared type.
  acceptAnyBody(app, 'buffer');
  // Per caller address, before the body is read: one sender cannot make the receiver hash and signal for ever.
  // Box's retries (12 over about 2 h) and the workflows' own polls carry what a 429 turns away.
  await app.register(rateLimit, { global: false });
  serveHttpMetrics(app, registry);
  registerHealthRoutes(app, {
    check: options.readiness ?? (() => Promise.resolve(null)),
    legacyLivenessPath: '/health',
  });
  const rateLimitPerMinute =
    options.rateLimitPerMinute ?? WEBHOOK_RECEIVER_SETTINGS.WEBHOOK_RECEIVER_RATE_LIMIT_PER_MINUTE.default;
  const perAddress = {
    max: rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request: FastifyRequest) => request.ip,
    errorResponseBuilder: () => Object.assign(new Error('rate limited'), { statusCode: 429, code: RATE_LIMITED }),
  };
  app.post(path, { config: { rateLimit: perAddress } }, async (request, reply) => {
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const answer = await receive(request.headers, rawBody);
    deliveries.inc({ verdict: answer.verdict ?? 'unknown' });
    return send(reply, answer);
  });
  answerUnmatchedEarly(app, (request, reply) =>
    new URL(request.url, 'http://receiver.invalid').pathname === path
      ? send(reply, { status: 405, body: { error: 'method_not_allowed' } })
      : send(reply, { status: 404, body: { error: 'not_found' } }),
  );
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      logger.warn('webhook delivery rejected', { status: 413, reason: 'body_too_large' });
      deliveries.inc({ verdict: 'body_too_large' });
      return send(reply, { status: 413, body: { error: 'body_too_large' } });
    }
    if (error.code === RATE_LIMITED) {
      logger.warn('webhook delivery rejected', { status: 429, reason: 'rate_limited' });
      deliveries.inc({ verdict: 'rate_limited' });
      return send(reply.header('retry-after', '60'), { status: 429, body: { error: 'rate_limited' } });
    }
    logger.error('webhook receiver failure', { error: errorText(error) });
    return send(reply, { status: 500, body: { error: 'internal_error' } });
  });

  const server = await listen(app, { host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const webhookUrl = `${server.url}${path}`;
  logger.info('webhook receiver: listening', {
    url: webhookUrl,
    primaryKey: keys.primary !== undefined,
    secondaryKey: keys.secondary !== undefined,
  });
  return {
    webhookUrl,
    port: server.port,
    setKeys(next) {
      keys = next;
      logger.info('webhook receiver: signature keys replaced', {
        primaryKey: next.primary !== undefined,
        secondaryKey: next.secondary !== undefined,
      });
    },
    stop: () => server.stop(),
  };
}

function unavailable(): Answer {
  return { status: 503, body: { error: 'temporarily_unavailable' }, verdict: 'unavailable' };
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

function send(reply: FastifyReply, answer: Answer): FastifyReply {
  return sendExactJson(reply.header('cache-control', 'no-store'), answer.status, answer.body);
}
