import { createHash } from 'node:crypto';
import type { CallAs } from '../box/call';
import type { BoxFile, BoxUploadPart } from '../box/file-models';
import type { BoxUploadApi, UploadSource, UploadTarget } from '../box/upload-api';
import { conflictingFile } from '../box/upload-api';
import { DocumentNameTakenError } from './errors';
import type { MeasuredDocument } from './spool';

/** Box's advice: files above 50 MB go through a chunked upload session (sessions take 20 MB and up). */
export const CHUNKED_UPLOAD_THRESHOLD_BYTES = 50 * 1024 * 1024;

/** How often a commit answered 202 ("parts still being processed") is tried again before giving up. */
const MAX_COMMIT_ATTEMPTS = 20;

/** What a caller gets back: the Box file, and whether this call put it there or found the same bytes already there. */
export interface UploadedDocument {
  fileId: string;
  name: string;
  size: number;
  sha256: string;
  /** False: the folder already had these bytes under this name; nothing was uploaded. */
  created: boolean;
}

export interface UploadDeps {
  /** Waits between commit attempts; injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Puts a measured document into a Box folder as the sender, at most once per name and content: a preflight check
 * first (nothing is sent), then one multipart upload, or a chunked session above 50 MB. A file of that name already in
 * the folder is adopted when its SHA-1 is the document's (no second upload), refused with DocumentNameTakenError
 * otherwise; the same holds when a concurrent upload wins the name between the check and the upload.
 */
export async function uploadMeasuredDocument(
  box: BoxUploadApi,
  target: UploadTarget & { senderBoxUserId?: string | undefined },
  document: MeasuredDocument,
  deps: UploadDeps = {},
): Promise<UploadedDocument> {
  const as: CallAs = target.senderBoxUserId === undefined ? {} : { asUser: target.senderBoxUserId };
  const where: UploadTarget = { folderId: target.folderId, name: target.name };
  const existing = await box.preflightUpload(where, document.size, as);
  if (!existing.ok) return adopt(existing.conflict, target.name, document);
  let file: BoxFile;
  try {
    file =
      document.size > CHUNKED_UPLOAD_THRESHOLD_BYTES
        ? await uploadInSession(box, where, document, as, deps.sleep ?? sleep)
        : await box.uploadFile(where, document, as);
  } catch (err) {
    const conflict = conflictingFile(err);
    if (conflict === undefined) throw err;
    return adopt(conflict, target.name, document);
  }
  return {
    fileId: file.id,
    name: file.name ?? target.name,
    size: document.size,
    sha256: document.sha256Hex,
    created: true,
  };
}

function adopt(conflict: BoxFile, name: string, document: MeasuredDocument): UploadedDocument {
  if (conflict.sha1?.toLowerCase() !== document.sha1Hex) throw new DocumentNameTakenError(conflict.id);
  return {
    fileId: conflict.id,
    name: conflict.name ?? name,
    size: document.size,
    sha256: document.sha256Hex,
    created: false,
  };
}

/** Create, every part with its own SHA-1, commit with the whole file's; any failure aborts the session. */
async function uploadInSession(
  box: BoxUploadApi,
  target: UploadTarget,
  document: UploadSource,
  as: CallAs,
  wait: (ms: number) => Promise<void>,
): Promise<BoxFile> {
  const session = await box.createUploadSession(target, document.size, as);
  try {
    const parts: BoxUploadPart[] = [];
    for (let offset = 0; offset < document.size; offset += session.part_size) {
      const size = Math.min(session.part_size, document.size - offset);
      const range = { start: offset, end: offset + size - 1 };
      const sha1Hex = await sha1Of(document, range);
      parts.push(
        await box.uploadPart(
          session.id,
          { offset, size, totalSize: document.size, sha1Hex, open: () => document.open(range) },
          as,
        ),
      );
    }
    for (let attempt = 1; ; attempt += 1) {
      const committed = await box.commitUploadSession(session.id, parts, document.sha1Hex, as);
      if (committed.kind === 'committed') return committed.file;
      if (attempt >= MAX_COMMIT_ATTEMPTS) throw new Error('Box kept answering 202 to the upload session commit');
      await wait(committed.retryAfterMs);
    }
  } catch (err) {
    await box.abortUploadSession(session.id, as).catch(() => undefined);
    throw err;
  }
}

/** A part's SHA-1, read from disk (the part is then read again to send it: two reads, no part held in memory). */
async function sha1Of(document: UploadSource, range: { start: number; end: number }): Promise<string> {
  const hash = createHash('sha1');
  for await (const chunk of document.open(range)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
