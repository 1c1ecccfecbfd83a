import type { SignRequests } from './box/schemas';
import type { EmulatorContext } from './context';
import { renderCurrentUser } from './current-user';
import { BoxApiError, badRequest, clientErrorBody, notFound } from './errors';
import { faultError, type Fault } from './faults';
import {
  isRecord,
  parseJson,
  RouteTable,
  type EmulatorRequest,
  type EmulatorResponse,
  type RouteMatch,
  type RouteParams,
} from './http';
import { sameEmail, type StoredSignRequest } from './model';
import { AsUserRefused, type EmulatorUser } from './users';
import { renderSignRequest } from './render';
import { fileBoxRoutes } from './files/routes';
import { fieldError, validateCreateBody } from './validation';
import { createFromTemplate } from './templates/from-template';
import { renderTemplate, templatePage } from './templates/render';
import { webhookBoxRoutes } from './webhooks/box-routes';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/** Box's API base (`/2.0`), its upload base (`/api/2.0`, upload.box.com's) and the token endpoint. */
export const isBoxApiPath = (path: string): boolean =>
  path.startsWith('/2.0/') || path.startsWith('/api/2.0/') || path.startsWith('/oauth2/');

/** Calls that need a token (and may name `as-user`): the API and upload bases; not the token endpoint nor downloads. */
const needsToken = (path: string): boolean => path.startsWith('/2.0/') || path.startsWith('/api/2.0/');

/**
 * Answers one Box API call: an injected fault first (an `error` fault has no side effects), then auth and
 * `as-user`, the acting user's rate limits when enforced, routing, and the call log.
 */
export async function handleBoxCall(
  ctx: EmulatorContext,
  match: RouteMatch,
  req: EmulatorRequest,
): Promise<EmulatorResponse> {
  const path = req.url.pathname;
  const fault = ctx.faults.take(req.method, path);
  const identity = identify(ctx, req);
  const { response, rateLimited } = await answer(ctx, match, req, fault, identity);
  ctx.calls.record(
    {
      at: ctx.clock.nowIso(),
      method: req.method,
      path,
      status: response.connection === 'hold' ? 0 : response.status,
      ...externalIdOf(req),
      ...('user' in identity ? { user_id: identity.user.id } : {}),
      ...(fault === undefined || fault.kind === 'error' ? {} : { fault: fault.kind }),
      ...(rateLimited ? { rate_limited: true as const } : {}),
    },
    fault?.kind,
  );
  return response;
}

/** Who a call acts as, or why it may not be made at all (401, 403); nothing for the token endpoint. */
type Identity = { user: EmulatorUser } | { refusal: unknown } | { none: true };

function identify(ctx: EmulatorContext, req: EmulatorRequest): Identity {
  if (!needsToken(req.url.pathname)) return { none: true };
  try {
    ctx.tokens.authorize(req.headers.authorization);
    return { user: ctx.users.acting(req.headers) };
  } catch (error) {
    return { refusal: error };
  }
}

async function answer(
  ctx: EmulatorContext,
  match: RouteMatch,
  req: EmulatorRequest,
  fault: Fault | undefined,
  identity: Identity,
): Promise<{ response: EmulatorResponse; rateLimited: boolean }> {
  if (fault?.kind === 'error') return { response: boxErrorResponse(ctx, faultError(fault)), rateLimited: false };
  if (fault?.kind === 'timeout') return { response: { status: 0, connection: 'hold' }, rateLimited: false };
  if (fault?.kind === 'latency' && fault.delay_ms !== null) await delay(fault.delay_ms);
  if ('refusal' in identity) return { response: boxErrorResponse(ctx, identity.refusal), rateLimited: false };
  try {
    if ('user' in identity) ctx.rateLimits.admit(identity.user.id, req.method, req.url.pathname);
  } catch (error) {
    return { response: boxErrorResponse(ctx, error), rateLimited: true };
  }
  const response = await route(ctx, match, req);
  return { response: withBodyFault(ctx, response, fault), rateLimited: false };
}

/**
 * Faults that shape an answer already made: `drop_after_commit` drops it whole, `drop_mid_body` cuts it after
 * `after_bytes` body bytes — on the download link when the answer is the redirect to one.
 */
function withBodyFault(ctx: EmulatorContext, response: EmulatorResponse, fault: Fault | undefined): EmulatorResponse {
  if (fault?.kind === 'drop_after_commit') return { ...response, connection: 'drop' };
  if (fault?.kind !== 'drop_mid_body') return response;
  const after = fault.after_bytes ?? 0;
  if (response.downloadToken !== undefined) {
    ctx.files.links.cutAfter(response.downloadToken, after);
    return response;
  }
  return { ...response, cutAfterBytes: after };
}

async function route(ctx: EmulatorContext, match: RouteMatch, req: EmulatorRequest): Promise<EmulatorResponse> {
  try {
    if (match.kind === 'not_found') throw notFound();
    if (match.kind === 'method_not_allowed') {
      throw new BoxApiError(405, 'method_not_allowed', 'Method Not Allowed', null, { allow: match.allow.join(', ') });
    }
    return await match.handler(match.params, req);
  } catch (error) {
    return boxErrorResponse(ctx, error);
  }
}

/** Unref'd so that a pending latency fault never keeps a test process alive. */
function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export function boxErrorResponse(ctx: EmulatorContext, error: unknown): EmulatorResponse {
  const boxError =
    error instanceof BoxApiError ? error : new BoxApiError(500, 'internal_server_error', 'Internal Server Error');
  if (!(error instanceof BoxApiError)) ctx.logger.error('emulator: unexpected error', { error: String(error) });
  if (boxError instanceof AsUserRefused) return { status: boxError.status, headers: boxError.headers };
  return { status: boxError.status, json: clientErrorBody(boxError), headers: boxError.headers };
}

function externalIdOf(req: EmulatorRequest): { external_id?: string } {
  if (req.method !== 'POST' || req.url.pathname.replace(/\/$/, '') !== '/2.0/sign_requests') return {};
  const parsed = parseJson(req.body);
  return parsed.ok && isRecord(parsed.value) && typeof parsed.value.external_id === 'string'
    ? { external_id: parsed.value.external_id }
    : {};
}

function jsonBody(req: EmulatorRequest): unknown {
  const parsed = parseJson(req.body);
  if (!parsed.ok) throw badRequest('Invalid JSON in request body');
  return parsed.value;
}

/** The acting user's request; another user's is not found, exactly as an id nobody has (Box: no access is a 404). */
function findOr404(ctx: EmulatorContext, params: RouteParams, req: EmulatorRequest): StoredSignRequest {
  const found = ctx.store.find(params.id ?? '');
  if (!found || !ownedBy(found, actingUser(ctx, req)))
    throw notFound(`Sign request '${params.id ?? ''}' was not found`);
  return found;
}

/** Already accepted by handleBoxCall (identify) before any route runs. */
const actingUser = (ctx: EmulatorContext, req: EmulatorRequest): EmulatorUser => ctx.users.acting(req.headers);

const ownedBy = (request: StoredSignRequest, user: EmulatorUser): boolean => String(request.sender_id) === user.id;

/** Where an entry sits in the list's order (store.all: newest created_at first, then highest seq). */
type ListPosition = Pick<StoredSignRequest, 'created_at' | 'seq'>;

const comesAfter = (r: ListPosition, p: ListPosition): boolean =>
  r.created_at < p.created_at || (r.created_at === p.created_at && r.seq < p.seq);

// Markers are opaque to clients: the position of the last entry returned, base64url-encoded.
const encodeMarker = ({ created_at, seq }: ListPosition): string =>
  Buffer.from(JSON.stringify({ created_at, seq })).toString('base64url');

function decodeMarker(marker: string): ListPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(marker, 'base64url').toString('utf8'));
    if (isRecord(value) && typeof value.created_at === 'number' && typeof value.seq === 'number') {
      return { created_at: value.created_at, seq: value.seq };
    }
  } catch {
    // fall through to the 400 below
  }
  throw fieldError('marker', 'is not a valid marker');
}

function parseLimit(raw: string | null): number {
  if (raw === null || raw === '') return DEFAULT_LIMIT;
  const limit = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw fieldError('limit', `must be an integer between 1 and ${MAX_LIMIT}`);
  }
  return limit;
}

function parseSharedRequests(raw: string | null): boolean {
  if (raw === null || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw fieldError('shared_requests', "must be 'true' or 'false'");
}

/** `senders`, comma-separated (as Box's SDKs send it) and/or repeated; undefined when not given. */
function parseSenders(params: URLSearchParams): string[] | undefined {
  const given = params.getAll('senders');
  if (given.length === 0) return undefined;
  const senders = given.flatMap((value) => value.split(',')).map((email) => email.trim());
  if (senders.some((email) => !/^[^\s@]+@[^\s@]+$/.test(email))) {
    throw fieldError('senders', 'must be a comma-separated list of sender email addresses');
  }
  return senders;
}

/**
 * Which requests the list shows, by Box's rules, for the acting user: by default the ones it owns (sent); with
 * `shared_requests=true` only the ones it does not own but collaborates on, optionally narrowed to `senders`
 * (which needs `shared_requests=true`). In the emulator a user collaborates on every request it does not own
 * (another user's, or one of a state file with another sender), for the list only: a get is still a 404.
 */
function listFilter(user: EmulatorUser, params: URLSearchParams): (request: StoredSignRequest) => boolean {
  const shared = parseSharedRequests(params.get('shared_requests'));
  const senders = parseSenders(params);
  if (senders !== undefined && !shared) throw fieldError('senders', "requires 'shared_requests' to be true");
  const owned = (r: StoredSignRequest) => ownedBy(r, user);
  if (!shared) return owned;
  return (r) => !owned(r) && (senders === undefined || senders.some((email) => sameEmail(email, r.sender_email)));
}

/**
 * One page of the list. Its entries' documents are not made here (a page can hold a thousand signed requests): a
 * file's `sha1` is its bytes' once a get of the request or of the file made them, a stand-in before.
 */
function listPage(ctx: EmulatorContext, req: EmulatorRequest): SignRequests {
  const limit = parseLimit(req.url.searchParams.get('limit'));
  const marker = req.url.searchParams.get('marker');
  const all = ctx.store.all().filter(listFilter(actingUser(ctx, req), req.url.searchParams));
  const after = marker === null || marker === '' ? null : decodeMarker(marker);
  const start = after === null ? 0 : all.findIndex((r) => comesAfter(r, after));
  const rest = start < 0 ? [] : all.slice(start);
  const entries = rest.slice(0, limit);
  const last = entries.at(-1);
  return {
    limit,
    next_marker: rest.length > limit && last !== undefined ? encodeMarker(last) : null,
    prev_marker: null,
    entries: entries.map((r) => renderSignRequest(ctx.baseUrl, r)),
  };
}

export function boxRoutes(ctx: EmulatorContext): RouteTable {
  const routes = new RouteTable()
    .on('POST', '/oauth2/token', (_params, req) => ctx.tokens.handleTokenRequest(req.body))
    .on('GET', '/2.0/users/me', (_params, req) => ({
      status: 200,
      json: renderCurrentUser(actingUser(ctx, req), req.url.searchParams.get('fields')),
    }))
    .on('POST', '/2.0/sign_requests', async (_params, req) => {
      const sender = actingUser(ctx, req);
      const validated = validateCreateBody(jsonBody(req));
      const input =
        validated.template_id === null
          ? validated
          : createFromTemplate(validated, ctx.templates.find(validated.template_id));
      ctx.enterprise.assertAllowed(input.signers);
      checkSourceFiles(ctx, input.source_file_ids, sender);
      const created = await ctx.store.create(input, sender);
      ctx.logger.info('emulator: sign request created', {
        id: created.id,
        external_id: created.external_id,
        sender_id: sender.id,
      });
      return { status: 201, json: renderSignRequest(ctx.baseUrl, created) };
    })
    .on('GET', '/2.0/sign_requests', (_params, req) => ({ status: 200, json: listPage(ctx, req) }))
    .on('GET', '/2.0/sign_templates', () => ({ status: 200, json: templatePage(ctx.templates.list()) }))
    .on('GET', '/2.0/sign_templates/:id', (params) => {
      const template = ctx.templates.find(params.id ?? '');
      if (template === undefined) throw notFound(`Sign template '${params.id ?? ''}' was not found`);
      return { status: 200, json: renderTemplate(template) };
    })
    .on('GET', '/2.0/sign_requests/:id', async (params, req) => {
      const found = findOr404(ctx, params, req);
      await ctx.documents.settleFinal(found);
      return { status: 200, json: renderSignRequest(ctx.baseUrl, found) };
    })
    .on('POST', '/2.0/sign_requests/:id/cancel', (params, req) => {
      const found = findOr404(ctx, params, req);
      const body = jsonBody(req);
      if (body !== undefined && !isRecord(body)) throw badRequest('The request body must be a JSON object');
      const reason = body?.reason;
      if (reason !== undefined && reason !== null && typeof reason !== 'string') {
        throw fieldError('reason', 'must be a string');
      }
      ctx.store.cancel(found, reason ?? null);
      return { status: 200, json: renderSignRequest(ctx.baseUrl, found) };
    })
    .on('POST', '/2.0/sign_requests/:id/resend', (params, req) => {
      ctx.store.resend(findOr404(ctx, params, req));
      return { status: 202 };
    });
  webhookBoxRoutes(ctx, routes);
  fileBoxRoutes(ctx, routes, (req) => actingUser(ctx, req));
  return routes;
}

/**
 * A source file that exists must be the sender's, as Box's 404 for a file the user cannot see; an id nobody
 * uploaded is still taken (a placeholder document), so that requests made without uploads keep working.
 */
function checkSourceFiles(ctx: EmulatorContext, ids: string[], sender: EmulatorUser): void {
  ids.forEach((id, i) => {
    const file = ctx.files.store.find(id);
    if (file !== undefined && file.owner_id !== sender.id) {
      throw new BoxApiError(404, 'not_found', `'source_files[${i}]' is not a file the sender can access`);
    }
  });
}
