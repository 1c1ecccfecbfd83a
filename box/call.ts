/** One Box call as the client's transport sends it (box/sign-client.ts), shared with the upload API (box/upload-api.ts). */
import type { AxiosResponse, Method } from 'axios';

/**
 * Whom a call acts as: `asUser` is sent as Box's `as-user` header (that user is the sender: it owns the request,
 * and its own quota counts the call). Absent: the client's configured identity (BOX_AS_USER_ID, else the
 * authenticated user).
 */
export interface CallAs {
  asUser?: string;
}

export type BoxOperation =
  | 'create_sign_request'
  | 'get_sign_request'
  | 'list_sign_requests'
  | 'cancel_sign_request'
  | 'resend_sign_request'
  | 'get_sign_template'
  | 'get_current_user'
  | 'create_webhook'
  | 'preflight_upload'
  | 'upload_file'
  | 'create_upload_session'
  | 'upload_part'
  | 'commit_upload_session'
  | 'abort_upload_session'
  | 'download_file';

export interface CallSpec {
  operation: BoxOperation;
  method: Method;
  /** Relative to the API base, already URL-encoded, no query string. Used in logs and errors. */
  path: string;
  params?: Record<string, string | number>;
  data?: unknown;
  /** A body made afresh for each attempt (a stream cannot be sent twice, e.g. after a 401); over `data`. */
  body?: () => unknown;
  /** Box's upload host (uploads, upload sessions) instead of the API host. */
  host?: 'api' | 'upload';
  /** Headers of this call (e.g. `content-md5`, `digest`, `content-range`, a multipart `Content-Type`). */
  headers?: Record<string, string>;
  /** The call's `as-user`, over the configured one. */
  asUser?: string | undefined;
  /** File content: the body is a stream, and 202 and 302 are answers, not errors (box/file-content.ts). */
  stream?: true;
}

/** Sends one call (renewing the token once after a 401) and answers its 2xx response; throws BoxApiError. */
export type BoxCall = (spec: CallSpec) => Promise<AxiosResponse<unknown>>;
