import { Readable } from 'node:stream';
import type { EmulatorContext } from '../context';
import { BoxApiError, badRequest, notFound } from '../errors';
import { isRecord, parseJson, type EmulatorRequest, type EmulatorResponse, type RouteTable } from '../http';
import type { EmulatorUser } from '../users';
import { contentTypeOf, parseRange } from './downloads';
import { receiveMultipartUpload } from './multipart';
import { checkFileName } from './names';
import { preflightRoute } from './preflight';
import { renderFile, renderFiles } from './render';
import type { UploadSession } from './upload-sessions';

/** Box's direct upload takes files up to 50 MB (its uploads guide); larger ones go through an upload session. */
export const MAX_DIRECT_UPLOAD_BYTES = 50 * 1024 * 1024;
const UPLOAD_BASE = '/api/2.0';
export const DOWNLOAD_PATH_PREFIX = '/_emulator/dl/';

type ActingUser = (req: EmulatorRequest) => EmulatorUser;

function header(req: EmulatorRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function jsonObject(req: EmulatorRequest): Record<string, unknown> {
  const parsed = parseJson(req.body);
  if (!parsed.ok || !isRecord(parsed.value)) throw badRequest('The request body must be a JSON object');
  return parsed.value;
}

function renderSession(baseUrl: string, session: UploadSession): Record<string, unknown> {
  const at = `${baseUrl}${UPLOAD_BASE}/files/upload_sessions/${session.id}`;
  return {
    id: session.id,
    type: 'upload_session',
    session_expires_at: new Date(session.expires_at).toISOString(),
    part_size: session.part_size,
    total_parts: session.total_parts,
    num_parts_processed: session.parts.size,
    session_endpoints: {
      upload_part: at,
      commit: `${at}/commit`,
      abort: at,
      list_parts: `${at}/parts`,
      status: at,
      log_event: `${at}/log`,
    },
  };
}

/**
 * Box's files API: uploads on its upload base (`/api/2.0`, upload.box.com's), file info and downloads on the API
 * base, and the download host's links (`/_emulator/dl/{token}`, dl.boxcloud.com's: no auth, short-lived).
 */
export function fileBoxRoutes(ctx: EmulatorContext, routes: RouteTable, actingUser: ActingUser): void {
  const owner = (id: string): EmulatorUser =>
    ctx.users.find(id) ?? { id, login: `user-${id}@emulator.box.test`, name: id };
  const files = ctx.files;
  preflightRoute(ctx, routes, actingUser);
  routes
    .onStream('POST', `${UPLOAD_BASE}/files/content`, async (_params, req) => {
      const user = actingUser(req);
      const stream = req.stream;
      if (stream === undefined) throw badRequest('The request has no body');
      const { attributes, blob } = await receiveMultipartUpload(req.headers, stream, {
        maxBytes: MAX_DIRECT_UPLOAD_BYTES,
        check: ({ name, parentId }) => {
          checkFileName(name);
          files.refuseConflict(parentId, name, user);
        },
        write: (file) => files.blobs.write(file),
      });
      const md5 = header(req, 'content-md5');
      if (md5 !== undefined && md5.trim().toLowerCase() !== blob.sha1) {
        throw new BoxApiError(400, 'bad_digest', 'The specified content-md5 did not match what we received');
      }
      // Box checks the name again once the bytes are in: a twin upload that finished first wins.
      files.refuseConflict(attributes.parentId, attributes.name, user);
      const file = files.add({
        name: attributes.name,
        parentId: attributes.parentId,
        owner: user,
        blob,
        origin: 'upload',
      });
      ctx.logger.info('emulator: file uploaded', { id: file.id, size: file.size, owner_id: user.id });
      return { status: 201, json: renderFiles(file, user) };
    })
    .on('POST', `${UPLOAD_BASE}/files/upload_sessions`, (_params, req) => {
      const user = actingUser(req);
      const body = jsonObject(req);
      const { folder_id: folderId, file_size: fileSize, file_name: fileName } = body;
      if (folderId === undefined) throw new BoxApiError(400, 'missing_destination', 'No folder_id was provided');
      if (typeof folderId !== 'string' || !/^\d+$/.test(folderId)) {
        throw new BoxApiError(400, 'invalid_folder_id', 'folder_id is not valid');
      }
      if (fileSize === undefined) throw new BoxApiError(400, 'missing_file_size', 'file_size was not provided');
      if (typeof fileSize !== 'number' || !Number.isSafeInteger(fileSize) || fileSize < 0) {
        throw new BoxApiError(400, 'invalid_file_size', 'file_size was not a valid number');
      }
      if (fileName === undefined) throw new BoxApiError(400, 'missing_file_name', 'file_name was not provided');
      if (typeof fileName !== 'string') throw new BoxApiError(400, 'item_name_invalid', 'Item name invalid');
      checkFileName(fileName);
      files.refuseConflict(folderId, fileName, user);
      const session = files.sessions.create(user, folderId, fileName, fileSize);
      return { status: 201, json: renderSession(ctx.baseUrl, session) };
    })
    .on('GET', `${UPLOAD_BASE}/files/upload_sessions/:sessionId`, (params, req) => ({
      status: 200,
      json: renderSession(ctx.baseUrl, files.sessions.find(params.sessionId ?? '', actingUser(req))),
    }))
    .onStream('PUT', `${UPLOAD_BASE}/files/upload_sessions/:sessionId`, async (params, req) => {
      const session = files.sessions.find(params.sessionId ?? '', actingUser(req));
      const stream = req.stream;
      if (stream === undefined) throw badRequest('The request has no body');
      const part = await files.sessions.putPart(session, header(req, 'content-range'), header(req, 'digest'), stream);
      return { status: 200, json: { part } };
    })
    .on('DELETE', `${UPLOAD_BASE}/files/upload_sessions/:sessionId`, (params, req) => {
      files.sessions.abort(files.sessions.find(params.sessionId ?? '', actingUser(req)));
      return { status: 204 };
    })
    .on('GET', `${UPLOAD_BASE}/files/upload_sessions/:sessionId/parts`, (params, req) => {
      const session = files.sessions.find(params.sessionId ?? '', actingUser(req));
      const all = files.sessions.parts(session);
      const offset = Number(req.url.searchParams.get('offset') ?? '0') || 0;
      const limit = Math.min(1000, Number(req.url.searchParams.get('limit') ?? '1000') || 1000);
      return {
        status: 200,
        json: { total_count: all.length, limit, offset, order: [], entries: all.slice(offset, offset + limit) },
      };
    })
    .on('POST', `${UPLOAD_BASE}/files/upload_sessions/:sessionId/commit`, async (params, req) => {
      const user = actingUser(req);
      const session = files.sessions.find(params.sessionId ?? '', user);
      const body = jsonObject(req);
      files.refuseConflict(session.folder_id, session.file_name, user);
      const blob = await files.sessions.commit(session, body.parts, header(req, 'digest'));
      if (blob.size !== session.file_size) throw badRequest('The committed parts do not add up to file_size');
      const file = files.add({
        name: session.file_name,
        parentId: session.folder_id,
        owner: user,
        blob,
        origin: 'upload',
      });
      ctx.logger.info('emulator: file uploaded', {
        id: file.id,
        size: file.size,
        owner_id: user.id,
        parts: session.total_parts,
      });
      return { status: 201, json: renderFiles(file, user) };
    })
    .on('GET', '/2.0/files/:fileId', async (params, req) => {
      const file = await ctx.documents.fileInfo(params.fileId ?? '', actingUser(req));
      return { status: 200, json: renderFile(file, owner(file.owner_id)) };
    })
    .on('GET', '/2.0/files/:fileId/content', async (params, req): Promise<EmulatorResponse> => {
      const found = await ctx.documents.fileForDownload(params.fileId ?? '', actingUser(req));
      if ('retryAfterSeconds' in found) {
        return { status: 202, headers: { 'retry-after': String(found.retryAfterSeconds) } };
      }
      const version = req.url.searchParams.get('version');
      if (version !== null && version !== '' && version !== found.file.version_id)
        throw notFound('Could not find the specified resource');
      const token = files.links.issue(found.file);
      return {
        status: 302,
        headers: { location: `${ctx.baseUrl}${DOWNLOAD_PATH_PREFIX}${token}` },
        downloadToken: token,
      };
    })
    .on('GET', `${DOWNLOAD_PATH_PREFIX}:token`, (params, req) => download(ctx, params.token ?? '', req));
}

/** The download host: the bytes of the version the link was made for, whole or one `Range`. */
function download(ctx: EmulatorContext, token: string, req: EmulatorRequest): EmulatorResponse {
  const link = ctx.files.links.take(token);
  if (link === undefined) throw notFound('The download link is unknown or has expired');
  const blobs = ctx.files.blobs;
  const range = parseRange(header(req, 'range'), link.size);
  const start = range?.start ?? 0;
  const end = range?.end ?? link.size - 1;
  const headers: Record<string, string> = {
    'content-type': contentTypeOf(link.name),
    'accept-ranges': 'bytes',
    'content-disposition': `attachment; filename="${link.name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(link.name)}`,
    etag: `"${link.sha1}"`,
  };
  if (range !== undefined) headers['content-range'] = `bytes ${start}-${end}/${link.size}`;
  return {
    status: range === undefined ? 200 : 206,
    headers,
    bytes: {
      length: end - start + 1,
      open: (within) =>
        link.size === 0
          ? Readable.from([])
          : blobs.read(link.sha1, { start: start + (within?.start ?? 0), end: start + (within?.end ?? end - start) }),
    },
    ...(link.cut_after_bytes === undefined ? {} : { cutAfterBytes: link.cut_after_bytes }),
  };
}
