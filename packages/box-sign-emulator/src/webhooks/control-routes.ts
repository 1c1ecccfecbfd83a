import { controlBody } from '../control-body';
import type { EmulatorContext } from '../context';
import { ControlError } from '../errors';
import { parseJson, type EmulatorResponse, type RouteTable } from '../http';
import { canonicalSignTrigger, SignTrigger } from './triggers';
import { parseWebhookSenderConfig, renderWebhookSenderConfig } from './config';
import type { CraftedKind } from './crafted';
import { CRAFTED_KINDS, craftDelivery } from './crafted';
import type { SentDelivery } from './sender';

/**
 * Control API for webhooks (`/_emulator/webhooks…`): configure the delivery (address, keys, triggers, spelling,
 * retries), read what was delivered, drop events, and send deliberately bad deliveries.
 */
export function webhookControlRoutes(ctx: EmulatorContext, routes: RouteTable): void {
  const hooks = ctx.webhooks;
  const view = () => ({
    ...renderWebhookSenderConfig(hooks.config),
    pending: hooks.sender.pending,
    dropping_next: hooks.droppingNext,
    registrations: hooks.registrations.list(),
  });
  routes
    .on('GET', '/_emulator/webhooks', () => ok(view()))
    .on('PUT', '/_emulator/webhooks', (_p, req) => {
      hooks.configure(parseWebhookSenderConfig(controlBody(req), hooks.config));
      return ok(view());
    })
    .on('GET', '/_emulator/webhooks/deliveries', () => ok({ deliveries: hooks.sender.deliveries() }))
    .on('DELETE', '/_emulator/webhooks/deliveries', () => {
      hooks.sender.clearLog();
      return ok({ deliveries: [] });
    })
    .on('POST', '/_emulator/webhooks/drop', (_p, req) => {
      const count = controlBody(req).count ?? 1;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
        throw new ControlError(400, { error: 'invalid_body', message: "'count' must be a positive integer" });
      }
      hooks.drop(count);
      return ok(view());
    })
    .on('POST', '/_emulator/webhooks/send', async (_p, req) => {
      const raw = controlBody(req);
      if (hooks.config.address === null) throw new ControlError(409, { error: 'no_webhook_address' });
      const delivery = raw.kind === 'replay' ? replayed(ctx, raw) : crafted(ctx, raw);
      const deliveryId = delivery.headers['BOX-DELIVERY-ID'] ?? '';
      const answer = await hooks.sender.post(delivery, {
        delivery_id: deliveryId,
        event_id: delivery.event.eventId,
        trigger: delivery.event.trigger,
        sign_request_id: delivery.event.signRequestId,
        webhook_id: delivery.event.webhookId,
        attempt: 1,
        kind: raw.kind === 'replay' ? 'replay' : (raw.kind as CraftedKind),
      });
      return ok({
        delivery_id: deliveryId,
        event_id: delivery.event.eventId,
        status: answer.status,
        body: parseJson(answer.body).ok ? (parseJson(answer.body) as { value: unknown }).value : answer.body,
      });
    });
}

function crafted(ctx: EmulatorContext, raw: Record<string, unknown>): SentDelivery {
  const kind = raw.kind ?? 'genuine';
  if (typeof kind !== 'string' || !CRAFTED_KINDS.includes(kind as CraftedKind)) {
    throw new ControlError(400, {
      error: 'invalid_body',
      message: `'kind' must be one of ${[...CRAFTED_KINDS, 'replay'].join(', ')}`,
    });
  }
  const request = ctx.store.find(typeof raw.sign_request_id === 'string' ? raw.sign_request_id : '');
  if (!request) throw new ControlError(404, { error: 'sign_request_not_found', id: raw.sign_request_id });
  const trigger = typeof raw.trigger === 'string' ? raw.trigger : SignTrigger.Completed;
  const canonical = canonicalSignTrigger(trigger);
  if (canonical === undefined) {
    throw new ControlError(400, { error: 'invalid_body', message: "'trigger' must be a Sign trigger" });
  }
  const includeExternalId = typeof raw.include_external_id === 'boolean' ? raw.include_external_id : undefined;
  // Aimed deliveries go where the test aims them, registered or not; the payload names the covering webhook if any.
  const webhookId = ctx.webhooks.coveringWebhookId(request, canonical);
  const event = ctx.webhooks.event(request, canonical, webhookId, includeExternalId);
  // A trigger given in a particular spelling is sent in that spelling.
  const spelled = {
    ...event,
    trigger,
    body: event.body.replace(`"trigger":"${event.trigger}"`, `"trigger":"${trigger}"`),
  };
  return craftDelivery(kind as CraftedKind, spelled, ctx.webhooks.config);
}

function replayed(ctx: EmulatorContext, raw: Record<string, unknown>): SentDelivery {
  const id = raw.delivery_id;
  const original = typeof id === 'string' ? ctx.webhooks.sender.sentDelivery(id) : ctx.webhooks.sender.lastSent();
  if (!original) throw new ControlError(404, { error: 'delivery_not_found', delivery_id: id ?? null });
  // The same bytes and headers, to wherever deliveries go now (a replay targets the receiver, not a URL).
  return { ...original, address: ctx.webhooks.config.address ?? original.address };
}

const ok = (json: unknown): EmulatorResponse => ({ status: 200, json });
