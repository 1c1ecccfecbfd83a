import type { EmulatorContext } from '../context';
import { BoxApiError, badRequest } from '../errors';
import { isRecord, parseJson, type EmulatorRequest, type RouteTable } from '../http';
import type { EmulatorUser } from '../users';
import { checkFileName } from './names';

/**
 * Box's preflight check (`OPTIONS /2.0/files/content`, on the API base): would an upload of this name into this folder
 * be accepted? Nothing is uploaded. 200 with an upload URL, or the upload's own refusals: 400 for a bad name, 409
 * item_name_in_use with the file that holds the name in `context_info.conflicts` — what a client reads to find out
 * whether the same bytes are already there without sending them again.
 */
export function preflightRoute(
  ctx: EmulatorContext,
  routes: RouteTable,
  actingUser: (req: EmulatorRequest) => EmulatorUser,
): void {
  routes.on('OPTIONS', '/2.0/files/content', (_params, req) => {
    const user = actingUser(req);
    const parsed = parseJson(req.body);
    if (!parsed.ok || !isRecord(parsed.value)) throw badRequest('The request body must be a JSON object');
    const { name, parent, size } = parsed.value;
    const parentId = isRecord(parent) ? parent['id'] : undefined;
    if (typeof name !== 'string') throw new BoxApiError(400, 'bad_request', "'name' is required");
    if (typeof parentId !== 'string' || !/^\d+$/.test(parentId)) {
      throw new BoxApiError(400, 'bad_request', "'parent.id' must be a folder id");
    }
    if (size !== undefined && (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)) {
      throw new BoxApiError(400, 'bad_request', "'size' must be a number of bytes");
    }
    checkFileName(name);
    ctx.files.refuseConflict(parentId, name, user);
    return { status: 200, json: { upload_url: `${ctx.baseUrl}/api/2.0/files/content`, upload_token: null } };
  });
}
