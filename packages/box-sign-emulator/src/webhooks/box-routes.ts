import type { EmulatorContext } from '../context';
import { badRequest } from '../errors';
import { parseJson, type RouteTable } from '../http';

/** `POST /2.0/webhooks`: Box's create-webhook call, for the register CLI (see registrations.ts). */
export function webhookBoxRoutes(ctx: EmulatorContext, routes: RouteTable): void {
  routes.on('POST', '/2.0/webhooks', (_params, req) => {
    const parsed = parseJson(req.body);
    if (!parsed.ok) throw badRequest('Invalid JSON in request body');
    const created = ctx.webhooks.registrations.create(
      parsed.value,
      ctx.users.acting(req.headers),
      ctx.clock.nowIso(),
      ctx.webhooks.config.accepted_trigger_spelling,
    );
    ctx.logger.info('emulator: webhook created', { id: created.id, target: created.target });
    return { status: 201, json: created };
  });
}
