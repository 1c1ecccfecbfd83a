/**
 * GET /files/{id}/content as a stream. Box answers `302` to a download host (dl.boxcloud.com), which is followed
 * here WITHOUT the bearer token or `as-user` (the Location is a pre-signed URL; the token never leaves Box's API host),
 * or `202` with `Retry-After` while the file is not ready. `Range` is passed through (206). Nothing is buffered: the
 * caller reads the body and must consume or destroy it.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import axios from 'axios';
import type { AxiosResponse } from 'axios';
import type { CallAs } from './call';
import { BOX_CLIENT_CODES, BoxApiError, isRetryableStatus, parseRetryAfter, toBoxApiError } from './errors';

export interface FileContentOptions {
  /** A `Range` header value, passed through to the download host. */
  range?: string;
}

export type FileContent =
  | {
      kind: 'content';
      /** 200, or 206 for a range. */
      status: number;
      body: Readable;
      /** The download host's headers (content-type, content-length, content-range, accept-ranges…). */
      headers: Record<string, string>;
    }
  | { kind: 'notReady'; retryAfterMs: number };

export interface BoxFilesApi {
  openFileContent(fileId: string, as?: CallAs, options?: FileContentOptions): Promise<FileContent>;
}

export function isBoxFilesApi(value: unknown): value is BoxFilesApi {
  return typeof (value as Partial<BoxFilesApi> | null)?.openFileContent === 'function';
}

/** When Box gives no Retry-After with its 202. */
const DEFAULT_NOT_READY_MS = 2_000;

export interface FileContentDeps {
  apiBaseUrl: string;
  timeoutMs: number;
  /** Sends the authenticated GET to Box's API host (token, as-user, the 401 renewal, metrics). */
  authorizedGet: (path: string, as: CallAs | undefined, headers: Record<string, string>) => Promise<AxiosResponse>;
  now: () => number;
}

export function fileContentPath(fileId: string): string {
  if (typeof fileId !== 'string' || !/^[0-9A-Za-z_-]{1,64}$/.test(fileId)) {
    throw new BoxApiError({
      code: BOX_CLIENT_CODES.invalidArgument,
      boxMessage: 'file id must be 1 to 64 letters, digits, _ or -',
      retryable: false,
      method: 'GET',
      path: '/files/{id}/content',
    });
  }
  return `/files/${encodeURIComponent(fileId)}/content`;
}

/** The download host: a plain client, no token, no as-user; a redirect from it is not followed. */
const downloadHost = axios.create({ maxRedirects: 0, validateStatus: () => true, responseType: 'stream' });

export function createFileContentReader(deps: FileContentDeps): BoxFilesApi {
  return {
    async openFileContent(fileId, as, options = {}) {
      const path = fileContentPath(fileId);
      const range: Record<string, string> = options.range === undefined ? {} : { Range: options.range };
      const first = await deps.authorizedGet(path, as, range);
      if (first.status === 202) {
        drain(first.data);
        const retryAfterMs = parseRetryAfter(first.headers['retry-after'], deps.now());
        return { kind: 'notReady', retryAfterMs: retryAfterMs ?? DEFAULT_NOT_READY_MS };
      }
      if (first.status === 200 || first.status === 206) {
        return { kind: 'content', status: first.status, body: first.data as Readable, headers: plain(first.headers) };
      }
      const location: unknown = first.headers['location'];
      drain(first.data);
      if (first.status !== 302 || typeof location !== 'string') {
        throw unexpected(first.status, path, 'neither content, 202 nor a redirect');
      }
      const target = new URL(location, deps.apiBaseUrl).toString();
      let second: AxiosResponse;
      try {
        second = await downloadHost.get(target, { headers: range, timeout: deps.timeoutMs });
      } catch (err) {
        throw toBoxApiError(err, 'GET', `${path} (download host)`, deps.now);
      }
      if (second.status === 200 || second.status === 206) {
        return {
          kind: 'content',
          status: second.status,
          body: second.data as Readable,
          headers: plain(second.headers),
        };
      }
      drain(second.data);
      throw unexpected(second.status, `${path} (download host)`, 'the download host refused it');
    },
  };
}

function unexpected(status: number, path: string, what: string): BoxApiError {
  return new BoxApiError({
    status,
    code: `http_${status}`,
    boxMessage: what,
    retryable: isRetryableStatus(status),
    method: 'GET',
    path,
  });
}

function drain(body: unknown): void {
  const stream = body as Partial<Readable> | null;
  if (typeof stream?.resume === 'function') stream.resume();
}

function plain(headers: AxiosResponse['headers'] | IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (typeof value === 'string') out[name.toLowerCase()] = value;
    else if (typeof value === 'number') out[name.toLowerCase()] = String(value);
  }
  return out;
}
