import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { BoxApiError, badRequest, notFound } from '../errors';
import type { EmulatorUser } from '../users';
import { BlobTooLarge, hashToFile, type Blob, type BlobStore } from './blob-store';

/** Box's smallest file for an upload session (its guide: "from 20MB"), and its part size for such files. */
export const MIN_SESSION_FILE_SIZE = 20 * 1024 * 1024;
export const SESSION_PART_SIZE = 8 * 1024 * 1024;
/** Box's sessions last 7 days (its `session_expires_at`); the emulator's on its clock. */
const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Box's `UploadPart`. */
export interface UploadPart {
  part_id: string;
  offset: number;
  size: number;
  sha1: string;
}

export interface UploadSession {
  id: string;
  owner_id: string;
  folder_id: string;
  file_name: string;
  file_size: number;
  part_size: number;
  total_parts: number;
  expires_at: number;
  /** By offset. */
  parts: Map<number, UploadPart>;
}

/** `digest: sha=<base64 SHA-1>` (RFC 3230) as hex, or undefined when absent or malformed. */
export function digestSha1(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header.join(',') : header;
  const match = value === undefined ? null : /(?:^|,)\s*sha\s*=\s*([A-Za-z0-9+/=]+)\s*(?:,|$)/i.exec(value);
  if (match?.[1] === undefined) return undefined;
  const bytes = Buffer.from(match[1], 'base64');
  return bytes.length === 20 ? bytes.toString('hex') : undefined;
}

/**
 * Box's chunked uploads: a session per file, parts of exactly `part_size` bytes (the last may be shorter) at
 * offsets that are multiples of it, each checked against its `digest`, then a commit that lists the parts and
 * gives the whole file's digest. Parts are scratch files on disk; sessions live in memory only.
 */
export class UploadSessions {
  private sessions = new Map<string, UploadSession>();

  constructor(
    private readonly blobs: BlobStore,
    private readonly nowMs: () => number,
  ) {}

  create(owner: EmulatorUser, folderId: string, fileName: string, fileSize: number): UploadSession {
    if (fileSize < MIN_SESSION_FILE_SIZE) {
      throw new BoxApiError(
        400,
        'file_size_too_small',
        `file_size is below the minimum of ${MIN_SESSION_FILE_SIZE} bytes for an upload session; use a direct upload`,
      );
    }
    const session: UploadSession = {
      id: randomBytes(16).toString('hex').toUpperCase(),
      owner_id: owner.id,
      folder_id: folderId,
      file_name: fileName,
      file_size: fileSize,
      part_size: SESSION_PART_SIZE,
      total_parts: Math.ceil(fileSize / SESSION_PART_SIZE),
      expires_at: this.nowMs() + SESSION_TTL_MS,
      parts: new Map(),
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The session, if `user` made it: Box's 404 for an unknown one, 403 `forbidden` for another user's, 410 when expired. */
  find(id: string, user: EmulatorUser): UploadSession {
    const session = this.sessions.get(id);
    if (session === undefined) throw notFound('Could not find the specified resource');
    if (session.owner_id !== user.id) {
      throw new BoxApiError(403, 'forbidden', 'Only the user who initiated the upload session may upload to it');
    }
    if (session.expires_at <= this.nowMs()) {
      throw new BoxApiError(410, 'session_expired', 'The upload session has expired');
    }
    return session;
  }

  /**
   * Stores one part from `body`: `content-range: bytes a-b/total` must fit the session's part grid and the bytes
   * must match `digest`. The same range again replaces the part (a retried upload).
   */
  async putPart(session: UploadSession, contentRange: string | undefined, digest: string | undefined, body: Readable) {
    const range = parseContentRange(contentRange, session);
    const expected = digestSha1(digest);
    if (expected === undefined) {
      body.resume();
      throw badRequest("The 'digest' header must be sha=<base64 SHA-1 of the part>");
    }
    const dir = this.blobs.scratchDir(session.id);
    const size = range.end - range.start + 1;
    let written: { sha1: string; size: number };
    try {
      written = await hashToFile(join(dir, String(range.start)), body, size);
    } catch (error) {
      if (error instanceof BlobTooLarge) throw rangeMismatch('The body is longer than its content-range');
      throw error;
    }
    if (written.size !== size) throw rangeMismatch('The body is shorter than its content-range');
    if (written.sha1 !== expected) {
      throw new BoxApiError(412, 'precondition_failed', "The part's SHA-1 does not match its digest header");
    }
    const part: UploadPart = {
      part_id: createHash('sha1').update(`${session.id}:${range.start}`).digest('hex').slice(0, 8).toUpperCase(),
      offset: range.start,
      size,
      sha1: written.sha1,
    };
    session.parts.set(range.start, part);
    return part;
  }

  parts(session: UploadSession): UploadPart[] {
    return [...session.parts.values()].sort((a, b) => a.offset - b.offset);
  }

  /**
   * Checks the committed list against the uploaded parts (all of them, in order, covering the file) and the whole
   * file against `digest`, then stores the file's bytes. The session is gone afterwards.
   */
  async commit(session: UploadSession, listed: unknown, digest: string | undefined): Promise<Blob> {
    const expected = digestSha1(digest);
    if (expected === undefined) throw badRequest("The 'digest' header must be sha=<base64 SHA-1 of the whole file>");
    const parts = this.parts(session);
    if (!Array.isArray(listed) || listed.length !== parts.length || parts.length !== session.total_parts) {
      throw badRequest("'parts' must list every uploaded part of the file, in order");
    }
    listed.forEach((entry, i) => {
      const part = parts[i];
      const given = entry as Partial<UploadPart> | null;
      if (part === undefined || given?.part_id !== part.part_id || given.offset !== part.offset) {
        throw badRequest(`'parts[${i}]' does not match the uploaded part at that position`);
      }
    });
    const dir = this.blobs.scratchDir(session.id);
    const blob = await this.blobs.write(
      (async function* () {
        for (const part of parts) yield* createReadStream(join(dir, String(part.offset))) as AsyncIterable<Buffer>;
      })(),
    );
    if (blob.sha1 !== expected) {
      throw new BoxApiError(400, 'bad_digest', 'The specified digest did not match what we received');
    }
    this.abort(session);
    return blob;
  }

  abort(session: UploadSession): void {
    this.sessions.delete(session.id);
    this.blobs.removeScratch(session.id);
  }

  clear(): void {
    for (const session of this.sessions.values()) this.blobs.removeScratch(session.id);
    this.sessions.clear();
  }
}

const rangeMismatch = (message: string): BoxApiError =>
  new BoxApiError(416, 'requested_range_not_satisfiable', message);

function parseContentRange(header: string | undefined, session: UploadSession): { start: number; end: number } {
  const match = header === undefined ? null : /^\s*bytes\s+(\d+)-(\d+)\/(\d+)\s*$/i.exec(header);
  if (match === null) throw badRequest("The 'content-range' header must be bytes <first>-<last>/<file size>");
  const [start, end, total] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (total !== session.file_size) throw rangeMismatch('The content-range total is not the session file_size');
  if (start % session.part_size !== 0) throw rangeMismatch('A part must start at a multiple of part_size');
  const last = start + session.part_size >= session.file_size;
  const expectedEnd = last ? session.file_size - 1 : start + session.part_size - 1;
  if (end !== expectedEnd) throw rangeMismatch('A part must be exactly part_size bytes (the last may be shorter)');
  return { start, end };
}
