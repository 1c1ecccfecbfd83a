import { randomBytes } from 'node:crypto';
import { BoxApiError } from '../errors';

/** Box's download links (dl.boxcloud.com) are not persistent: the emulator's last this long on its clock. */
export const DOWNLOAD_LINK_TTL_MS = 15 * 60 * 1000;

/** One handed-out download link: the exact bytes of one file version. */
export interface DownloadLink {
  file_id: string;
  name: string;
  sha1: string;
  size: number;
  expires_at: number;
  /** A body fault carried over from the `GET /files/{id}/content` call that handed the link out. */
  cut_after_bytes?: number;
}

/** The links `GET /files/{id}/content` hands out, by opaque token; no auth is needed to follow one. */
export class DownloadLinks {
  private links = new Map<string, DownloadLink>();

  constructor(private readonly nowMs: () => number) {}

  issue(file: { id: string; name: string; sha1: string; size: number }): string {
    this.forgetExpired();
    const token = randomBytes(24).toString('base64url');
    this.links.set(token, {
      file_id: file.id,
      name: file.name,
      sha1: file.sha1,
      size: file.size,
      expires_at: this.nowMs() + DOWNLOAD_LINK_TTL_MS,
    });
    return token;
  }

  /** The link, or undefined when unknown or expired. A carried fault applies once. */
  take(token: string): DownloadLink | undefined {
    const link = this.links.get(token);
    if (link === undefined || link.expires_at <= this.nowMs()) return undefined;
    const taken = { ...link };
    delete link.cut_after_bytes;
    return taken;
  }

  cutAfter(token: string, bytes: number): void {
    const link = this.links.get(token);
    if (link !== undefined) link.cut_after_bytes = bytes;
  }

  clear(): void {
    this.links.clear();
  }

  private forgetExpired(): void {
    const now = this.nowMs();
    for (const [token, link] of this.links) if (link.expires_at <= now) this.links.delete(token);
  }
}

/** Content types by extension, for the download's `Content-Type`; anything else is octet-stream. */
const TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain',
};

export function contentTypeOf(name: string): string {
  const extension = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  return TYPES[extension] ?? 'application/octet-stream';
}

/**
 * One `bytes=` range of `size` bytes (`a-b`, `a-`, `-n`), or undefined for none; Box's 416 for one that does not
 * fit. A list of ranges is answered with the first.
 */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*(,.*)?$/i.exec(header);
  if (match === null) return undefined;
  const [, first = '', last = ''] = match;
  let start: number;
  let end: number;
  if (first === '') {
    if (last === '') return undefined;
    start = Math.max(0, size - Number(last));
    end = size - 1;
  } else {
    start = Number(first);
    end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  }
  if (start >= size || end < start) {
    throw new BoxApiError(416, 'requested_range_not_satisfiable', 'Requested Range Not Satisfiable', null, {
      'content-range': `bytes */${size}`,
    });
  }
  return { start, end };
}
