import { controlBody } from './control-body';
import type { EmulatorContext } from './context';
import { ControlError } from './errors';
import { parseEnterpriseChange } from './enterprise';
import { renderTemplate } from './templates/render';
import { parseFaultSpec } from './faults';
import { parseRateLimitConfig } from './rate-limits';
import { RouteTable, type EmulatorRequest, type EmulatorResponse, type RouteMatch, type RouteParams } from './http';
import { sameEmail, type StoredSignRequest } from './model';
import { renderControlView } from './render';
import { parseSeedSpec, seedRequests } from './seed';
import { parseSignBody } from './sign-body';
import type { VerifyInput } from './signer-actions';
import { parseNewUser, type EmulatorUser } from './users';
import { SignTrigger } from './webhooks/triggers';
import { webhookControlRoutes } from './webhooks/control-routes';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Runs one control API call; failures become `{error, ...}` JSON rather than Box errors. */
export async function handleControlCall(
  ctx: EmulatorContext,
  match: RouteMatch,
  req: EmulatorRequest,
): Promise<EmulatorResponse> {
  try {
    if (match.kind === 'not_found') throw new ControlError(404, { error: 'not_found', path: req.url.pathname });
    if (match.kind === 'method_not_allowed')
      throw new ControlError(405, { error: 'method_not_allowed', allow: match.allow });
    return await match.handler(match.params, req);
  } catch (error) {
    if (error instanceof ControlError) return { status: error.status, json: error.body };
    ctx.logger.error('emulator: control API failure', { error: String(error) });
    return { status: 500, json: { error: 'internal_error', message: String(error) } };
  }
}

function find(ctx: EmulatorContext, params: RouteParams): StoredSignRequest {
  const found = ctx.store.find(params.id ?? '');
  if (!found) throw new ControlError(404, { error: 'sign_request_not_found', id: params.id });
  return found;
}

function userOr404(ctx: EmulatorContext, id: string | undefined): EmulatorUser {
  if (id === undefined) return ctx.users.authenticated;
  const user = ctx.users.find(id);
  if (user === undefined) throw new ControlError(404, { error: 'user_not_found', id });
  return user;
}

const ok = (json: unknown): EmulatorResponse => ({ status: 200, json });

function optionalNumber(value: unknown, name: string): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ControlError(400, { error: 'invalid_body', message: `'${name}' must be a non-negative number` });
  }
  return value;
}

function verifyInput(raw: Record<string, unknown>): VerifyInput {
  if (typeof raw.code === 'string') return { code: raw.code };
  if (typeof raw.password === 'string') return { password: raw.password };
  throw new ControlError(400, { error: 'invalid_body', message: "body must contain a string 'code' or 'password'" });
}

function optionalString(raw: Record<string, unknown>, key: string): string | null {
  const value = raw[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string')
    throw new ControlError(400, { error: 'invalid_body', message: `'${key}' must be a string` });
  return value;
}

function signerRoutes(ctx: EmulatorContext, routes: RouteTable): void {
  const base = '/_emulator/sign_requests/:id/signers/:email';
  const view = (req: StoredSignRequest): EmulatorResponse => ok(renderControlView(ctx.baseUrl, req));
  routes
    .on('POST', `${base}/send-code`, (p) => ok(ctx.actions.sendCode(find(ctx, p), p.email ?? '')))
    .on('POST', `${base}/verify`, async (p, req) =>
      ok(await ctx.actions.verify(find(ctx, p), p.email ?? '', verifyInput(controlBody(req)))),
    )
    .on('POST', `${base}/login`, (p) => ok(ctx.actions.logIn(find(ctx, p), p.email ?? '')))
    .on('POST', `${base}/present-card`, (p, req) => {
      const valid = controlBody(req).valid ?? true;
      if (typeof valid !== 'boolean') {
        throw new ControlError(400, { error: 'invalid_body', message: "'valid' must be true or false" });
      }
      return ok(ctx.actions.presentCard(find(ctx, p), p.email ?? '', valid));
    })
    .on('POST', `${base}/bounce`, (p) => {
      const found = find(ctx, p);
      const signer = ctx.actions.bounce(found, p.email ?? '');
      const delivered = ctx.webhooks.announce(found, SignTrigger.SignerEmailBounced, [signer.email]);
      return ok({ ...renderControlView(ctx.baseUrl, found), webhooks_fired: delivered });
    })
    .on('POST', `${base}/view`, (p) => {
      const found = find(ctx, p);
      ctx.actions.view(found, p.email ?? '');
      return view(found);
    })
    .on('POST', `${base}/sign`, async (p, req) => {
      const found = find(ctx, p);
      const email = p.email ?? '';
      const given = parseSignBody(controlBody(req));
      ctx.actions.assertCanSign(found, email);
      const attachments = await ctx.documents.storeAttachments(found, given.attachments);
      ctx.actions.sign(found, email, { inputs: given.inputs, attachments });
      return view(found);
    })
    .on('POST', `${base}/schedule-signature`, (p, req) => {
      const found = find(ctx, p);
      const afterInviteMs = controlBody(req).after_invite_ms;
      if (typeof afterInviteMs !== 'number' || !Number.isFinite(afterInviteMs) || afterInviteMs < 0) {
        throw new ControlError(400, {
          error: 'invalid_body',
          message: "'after_invite_ms' must be a non-negative number",
        });
      }
      ctx.actions.scheduleSignature(found, p.email ?? '', afterInviteMs);
      return view(found);
    })
    .on('POST', `${base}/decline`, (p, req) => {
      const found = find(ctx, p);
      ctx.actions.decline(found, p.email ?? '', optionalString(controlBody(req), 'reason'));
      return view(found);
    });
}

export function controlRoutes(ctx: EmulatorContext): RouteTable {
  const routes = new RouteTable()
    .on('GET', '/_emulator/health', () => ok({ ok: true }))
    .on('GET', '/_emulator/clock', () => ok(ctx.clock.toJSON()))
    .on('POST', '/_emulator/clock/advance', (_p, req) => {
      const raw = controlBody(req);
      ctx.clock.advance(optionalNumber(raw.ms, 'ms') + optionalNumber(raw.days, 'days') * DAY_MS);
      return ok(ctx.clock.toJSON());
    })
    .on('POST', '/_emulator/developer-token', () => ({ status: 201, json: ctx.tokens.mintDeveloperToken() }))
    .on('GET', '/_emulator/folders', () => ok({ folders: ctx.folders.list() }))
    .on('PUT', '/_emulator/folders/:folderId', (p, req) => {
      const parentId = controlBody(req).parent_id;
      if (typeof parentId !== 'string') {
        throw new ControlError(400, { error: 'invalid_folder', message: "'parent_id' must be a folder id string" });
      }
      const id = p.folderId ?? '';
      ctx.folders.setParent(id, parentId);
      return ok({ id, parent_id: parentId, path: ctx.folders.path(id) });
    })
    .on('GET', '/_emulator/sign_requests', (_p, req) => {
      const externalId = req.url.searchParams.get('external_id');
      const requests = ctx.store.all().filter((r) => externalId === null || r.external_id === externalId);
      return ok({ sign_requests: requests.map((r) => renderControlView(ctx.baseUrl, r)) });
    })
    .on('POST', '/_emulator/sign_requests/seed', async (_p, req) => {
      const spec = parseSeedSpec(controlBody(req));
      return ok(await seedRequests(ctx.store, userOr404(ctx, spec.userId), spec));
    })
    .on('GET', '/_emulator/sign_requests/:id', (p) => ok(renderControlView(ctx.baseUrl, find(ctx, p))))
    .on('POST', '/_emulator/sign_requests/:id/prepare', (p) => {
      const found = find(ctx, p);
      if (!ctx.store.prepare(found)) throw new ControlError(409, { error: 'not_preparable', status: found.status });
      return ok(renderControlView(ctx.baseUrl, found));
    })
    .on('POST', '/_emulator/sign_requests/:id/force-status', (p, req) => {
      const found = find(ctx, p);
      const raw = controlBody(req);
      if (typeof raw.status !== 'string' || raw.status === '') {
        throw new ControlError(400, { error: 'invalid_body', message: "'status' must be a non-empty string" });
      }
      ctx.store.forceStatus(found, raw.status, optionalString(raw, 'error_code'));
      return ok(renderControlView(ctx.baseUrl, found));
    })
    .on('GET', '/_emulator/embed/:id/:email', (p) => {
      const found = find(ctx, p);
      const signer = renderControlView(ctx.baseUrl, found).signers.find((s) => sameEmail(s.email, p.email ?? ''));
      if (!signer) throw new ControlError(404, { error: 'signer_not_found', email: p.email });
      return ok({ sign_request_id: found.id, status: found.status, signer });
    })
    .on('GET', '/_emulator/outbox', (_p, req) => {
      const q = req.url.searchParams;
      const messages = ctx.store.outbox({
        sign_request_id: q.get('sign_request_id') ?? undefined,
        email: q.get('email') ?? undefined,
      });
      return ok({ messages });
    })
    .on('POST', '/_emulator/faults', (_p, req) => ({
      status: 201,
      json: ctx.faults.add(parseFaultSpec(controlBody(req))),
    }))
    .on('GET', '/_emulator/faults', () => ok({ faults: ctx.faults.list() }))
    .on('DELETE', '/_emulator/faults', () => {
      ctx.faults.clear();
      return ok({ faults: [] });
    })
    .on('DELETE', '/_emulator/faults/:faultId', (p) => {
      if (!ctx.faults.remove(Number(p.faultId)))
        throw new ControlError(404, { error: 'fault_not_found', id: p.faultId });
      return ok({ faults: ctx.faults.list() });
    })
    .on('GET', '/_emulator/rate-limits', () => ok(ctx.rateLimits.current))
    .on('PUT', '/_emulator/rate-limits', (_p, req) => {
      ctx.rateLimits.configure(parseRateLimitConfig(controlBody(req), ctx.rateLimits.current));
      return ok(ctx.rateLimits.current);
    })
    .on('GET', '/_emulator/enterprise', () => ok(ctx.enterprise.current))
    .on('PUT', '/_emulator/enterprise', (_p, req) =>
      ok(ctx.enterprise.configure(parseEnterpriseChange(controlBody(req)))),
    )
    .on('POST', '/_emulator/sign_templates', (_p, req) => ({
      status: 201,
      json: renderTemplate(ctx.templates.add(controlBody(req))),
    }))
    .on('GET', '/_emulator/users', () => ok({ users: ctx.users.list() }))
    .on('POST', '/_emulator/users', (_p, req) => ({ status: 201, json: ctx.users.add(parseNewUser(controlBody(req))) }))
    .on('GET', '/_emulator/files', (_p, req) => {
      const requestId = req.url.searchParams.get('sign_request_id');
      const files = ctx.files.store.list().filter((f) => requestId === null || f.sign_request_id === requestId);
      return ok({ files });
    })
    .on('GET', '/_emulator/files/:fileId/content', async (p) => {
      const file = await ctx.documents.anyFile(p.fileId ?? '');
      if (file === undefined) throw new ControlError(404, { error: 'file_not_found', id: p.fileId });
      return {
        status: 200,
        headers: { 'content-type': 'application/octet-stream' },
        bytes: { length: file.size, open: () => ctx.files.read(file) },
      };
    })
    .on('GET', '/_emulator/stats', () => ok(ctx.calls.stats()))
    .on('GET', '/_emulator/calls', () => ok({ calls: ctx.calls.list() }))
    .on('DELETE', '/_emulator/calls', () => {
      ctx.calls.clear();
      return ok({ calls: [] });
    })
    .on('POST', '/_emulator/reset', () => {
      ctx.reset();
      return ok({ ok: true });
    });
  signerRoutes(ctx, routes);
  webhookControlRoutes(ctx, routes);
  return routes;
}
