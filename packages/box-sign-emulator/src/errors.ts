import { randomBytes } from 'node:crypto';
import type { ClientError } from './box/schemas';

export const BOX_HELP_URL = 'https://developer.box.com/guides/api-calls/permissions-and-errors/common-errors/';

/** A failure on a Box path; rendered as Box's `ClientError` body. */
export class BoxApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly contextInfo: Record<string, unknown> | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'BoxApiError';
  }
}

/** A failure on the control API (`/_emulator`): plain JSON `{error, ...}`. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: { error: string; [key: string]: unknown },
  ) {
    super(body.error);
    this.name = 'ControlError';
  }
}

export function newRequestId(): string {
  return randomBytes(8).toString('hex');
}

export function clientErrorBody(error: BoxApiError): ClientError {
  return {
    type: 'error',
    status: error.status,
    code: error.code,
    message: error.message,
    context_info: error.contextInfo,
    help_url: BOX_HELP_URL,
    request_id: newRequestId(),
  };
}

export const badRequest = (message: string, contextInfo: Record<string, unknown> | null = null): BoxApiError =>
  new BoxApiError(400, 'bad_request', message, contextInfo);

export const notFound = (message = 'Not Found'): BoxApiError => new BoxApiError(404, 'not_found', message);

/** Default code and message per status, used by faults and unexpected failures. */
const DEFAULTS: Record<number, [code: string, message: string]> = {
  400: ['bad_request', 'Bad Request'],
  401: ['unauthorized', 'Unauthorized'],
  403: ['access_denied_insufficient_permissions', 'Access denied - insufficient permission'],
  404: ['not_found', 'Not Found'],
  405: ['method_not_allowed', 'Method Not Allowed'],
  409: ['conflict', 'Conflict'],
  429: ['rate_limit_exceeded', 'Request rate limit exceeded, please try again later'],
  500: ['internal_server_error', 'Internal Server Error'],
  502: ['bad_gateway', 'Bad Gateway'],
  503: ['unavailable', 'Unavailable'],
};

export function defaultErrorFor(status: number): { code: string; message: string } {
  const [code, message] = DEFAULTS[status] ?? [status >= 500 ? 'internal_server_error' : 'bad_request', 'Error'];
  return { code, message };
}
