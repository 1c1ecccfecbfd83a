/**
 * Box's upload API on the client's one transport (token, `as-user`, metrics, traces, error mapping): the preflight
 * check, the single multipart upload and chunked upload sessions. Bodies are streams opened per attempt, never held
 * whole in memory. What to upload how (and what a name conflict means) is decided by documents/upload.ts.
 */
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Readable as ReadableStream } from 'node:stream';
import type { BoxFile, BoxUploadPart, BoxUploadSession } from './file-models';
import { BOX_CLIENT_CODES, BoxApiError, invalidResponse, isRecord } from './errors';
import type { BoxCall, CallAs, CallSpec } from './call';

/** Bytes from `start` to `end`, both inclusive (a file read stream's range). */
export interface ByteRange {
  start: number;
  end: number;
}

/** What is uploaded: its size, its SHA-1 (Box's `content-md5`), and a fresh stream of it (or of a range) each time. */
export interface UploadSource {
  size: number;
  sha1Hex: string;
  open(this: void, range?: ByteRange): Readable;
}

export interface UploadTarget {
  folderId: string;
  name: string;
}

/** The preflight's verdict: Box would accept the upload, or a file of that name is already in the folder. */
export type UploadPreflight = { ok: true } | { ok: false; conflict: BoxFile };

/** The commit's answer: the file (201), or 202: the parts are still being processed, commit again after the wait. */
export type CommitOutcome = { kind: 'committed'; file: BoxFile } | { kind: 'pending'; retryAfterMs: number };

export interface BoxUploadApi {
  /** OPTIONS /files/content: the name and folder are checked, nothing is uploaded; 409 item_name_in_use → conflict. */
  preflightUpload(target: UploadTarget, size: number, as?: CallAs): Promise<UploadPreflight>;
  /** POST {upload}/files/content: multipart, `attributes` before `file`, `content-md5` = the SHA-1. */
  uploadFile(target: UploadTarget, source: UploadSource, as?: CallAs): Promise<BoxFile>;
  /** POST {upload}/files/upload_sessions → the part size and count Box chose. */
  createUploadSession(target: UploadTarget, size: number, as?: CallAs): Promise<BoxUploadSession>;
  /** PUT {upload}/files/upload_sessions/{id}: one part, with `digest: sha=<base64 SHA-1>` and `content-range`. */
  uploadPart(sessionId: string, part: UploadPartSource, as?: CallAs): Promise<BoxUploadPart>;
  /** POST {upload}/files/upload_sessions/{id}/commit with every part and the whole file's digest. */
  commitUploadSession(
    sessionId: string,
    parts: readonly BoxUploadPart[],
    sha1Hex: string,
    as?: CallAs,
  ): Promise<CommitOutcome>;
  /** DELETE {upload}/files/upload_sessions/{id}: gives up a session (its parts are discarded). */
  abortUploadSession(sessionId: string, as?: CallAs): Promise<void>;
}

export interface UploadPartSource {
  offset: number;
  size: number;
  totalSize: number;
  sha1Hex: string;
  open(this: void): Readable;
}

/** Box's RFC 3230 digest header value: `sha=<base64 of the SHA-1>`. */
export function shaDigest(sha1Hex: string): string {
  return `sha=${Buffer.from(sha1Hex, 'hex').toString('base64')}`;
}

/** The file Box names in a 409 item_name_in_use (`context_info.conflicts`: one object, or a list as the spec says). */
export function conflictingFile(err: unknown): BoxFile | undefined {
  if (!(err instanceof BoxApiError) || err.status !== 409 || err.code !== 'item_name_in_use') return undefined;
  const conflicts = isRecord(err.contextInfo) ? err.contextInfo['conflicts'] : undefined;
  const first: unknown = Array.isArray(conflicts) ? conflicts[0] : conflicts;
  return isFile(first) ? first : undefined;
}

function isFile(value: unknown): value is BoxFile {
  return isRecord(value) && typeof value['id'] === 'string';
}

function sessionPath(id: string, suffix = ''): string {
  if (id.trim() === '') {
    throw new BoxApiError({
      code: BOX_CLIENT_CODES.invalidArgument,
      boxMessage: 'upload session id must be a non-empty string',
      retryable: false,
      method: 'PUT',
      path: `/files/upload_sessions/{id}${suffix}`,
    });
  }
  return `/files/upload_sessions/${encodeURIComponent(id)}${suffix}`;
}

/** `{entries: [file]}` (upload, commit) → the file. */
function firstEntry(spec: CallSpec, status: number, data: unknown): BoxFile {
  const entries = isRecord(data) ? data['entries'] : undefined;
  const file: unknown = Array.isArray(entries) ? entries[0] : undefined;
  if (!isFile(file)) throw invalidResponse(spec, status, 'a list of files');
  return file;
}

/**
 * The multipart body Box asks for: `attributes` (JSON) first, then `file`. The file part's own filename is a
 * placeholder: Box takes the name from `attributes` (so no name needs quoting in a header).
 */
function multipartBody(
  target: UploadTarget,
  source: UploadSource,
): { type: string; length: number; open(this: void): Readable } {
  const boundary = `box-sign-${randomBytes(12).toString('hex')}`;
  const attributes = JSON.stringify({ name: target.name, parent: { id: target.folderId } });
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="attributes"\r\nContent-Type: application/json\r\n\r\n` +
      `${attributes}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="document"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  async function* parts(): AsyncGenerator<Buffer> {
    yield head;
    for await (const chunk of source.open()) yield chunk as Buffer;
    yield tail;
  }
  return {
    type: `multipart/form-data; boundary=${boundary}`,
    length: head.length + source.size + tail.length,
    open: () => ReadableStream.from(parts(), { objectMode: false }),
  };
}

export function createUploadApi(call: BoxCall): BoxUploadApi {
  return {
    async preflightUpload(target, size, as) {
      try {
        await call({
          operation: 'preflight_upload',
          method: 'OPTIONS',
          path: '/files/content',
          data: { name: target.name, parent: { id: target.folderId }, size },
          asUser: as?.asUser,
        });
        return { ok: true };
      } catch (err) {
        const conflict = conflictingFile(err);
        if (conflict === undefined) throw err;
        return { ok: false, conflict };
      }
    },

    async uploadFile(target, source, as) {
      const body = multipartBody(target, source);
      const spec: CallSpec = {
        operation: 'upload_file',
        method: 'POST',
        path: '/files/content',
        host: 'upload',
        body: body.open,
        headers: { 'Content-Type': body.type, 'Content-Length': String(body.length), 'content-md5': source.sha1Hex },
        asUser: as?.asUser,
      };
      const response = await call(spec);
      return firstEntry(spec, response.status, response.data);
    },

    async createUploadSession(target, size, as) {
      const spec: CallSpec = {
        operation: 'create_upload_session',
        method: 'POST',
        path: '/files/upload_sessions',
        host: 'upload',
        data: { folder_id: target.folderId, file_name: target.name, file_size: size },
        asUser: as?.asUser,
      };
      const response = await call(spec);
      const data = response.data;
      if (
        !isRecord(data) ||
        typeof data['id'] !== 'string' ||
        typeof data['part_size'] !== 'number' ||
        data['part_size'] <= 0 ||
        typeof data['total_parts'] !== 'number'
      ) {
        throw invalidResponse(spec, response.status, 'an upload session');
      }
      return data as BoxUploadSession;
    },

    async uploadPart(sessionId, part, as) {
      const last = part.offset + part.size - 1;
      const spec: CallSpec = {
        operation: 'upload_part',
        method: 'PUT',
        path: sessionPath(sessionId),
        host: 'upload',
        body: part.open,
        headers: {
          'Content-Type': 'application/octet-stream',
          'Content-Length': String(part.size),
          'content-range': `bytes ${part.offset}-${last}/${part.totalSize}`,
          digest: shaDigest(part.sha1Hex),
        },
        asUser: as?.asUser,
      };
      const response = await call(spec);
      const uploaded = isRecord(response.data) ? response.data['part'] : undefined;
      if (!isRecord(uploaded) || typeof uploaded['part_id'] !== 'string') {
        throw invalidResponse(spec, response.status, 'an uploaded part');
      }
      return uploaded as BoxUploadPart;
    },

    async commitUploadSession(sessionId, parts, sha1Hex, as) {
      const spec: CallSpec = {
        operation: 'commit_upload_session',
        method: 'POST',
        path: sessionPath(sessionId, '/commit'),
        host: 'upload',
        data: { parts },
        headers: { digest: shaDigest(sha1Hex) },
        asUser: as?.asUser,
      };
      const response = await call(spec);
      if (response.status === 202) {
        const seconds = Number(response.headers['retry-after']);
        return { kind: 'pending', retryAfterMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000 };
      }
      return { kind: 'committed', file: firstEntry(spec, response.status, response.data) };
    },

    async abortUploadSession(sessionId, as) {
      await call({
        operation: 'abort_upload_session',
        method: 'DELETE',
        path: sessionPath(sessionId),
        host: 'upload',
        asUser: as?.asUser,
      });
    },
  };
}
