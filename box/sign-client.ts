/**
 * Box Sign REST client on axios. It classifies failures (BoxApiError.retryable) but does not retry them:
 * retries belong to Temporal. The one exception is a 401, answered by renewing the token and retrying once.
 * Responses are passed through as Box sent them; unknown fields and statuses are not touched.
 */
import axios from 'axios';
import type { AxiosResponse } from 'axios';
import type { Logger } from '../logging/logger';
import { silentLogger } from '../logging/logger';
import type { TokenProvider } from './auth';
import { createTokenProvider } from './auth';
import type { BoxClientConfig } from './config';
import { signerSecretsOf, withoutEchoedValues } from './echo-scrub';
import { BOX_CLIENT_CODES, BoxApiError, invalidResponse, isRecord, toBoxApiError } from './errors';
import type {
  BoxSignRequest,
  BoxSignRequestCancelBody,
  BoxSignRequestCreateBody,
  BoxSignRequestPage,
  BoxUser,
} from './models';
import type { BoxFilesApi } from './file-content';
import { createFileContentReader } from './file-content';
import { traceBoxCalls } from './traced-calls';
import type { BoxCall, BoxOperation, CallAs, CallSpec } from './call';
import type { BoxUploadApi } from './upload-api';
import { createUploadApi } from './upload-api';
import type { BoxSignTemplate } from './template-models';
import type { BoxWebhook, BoxWebhookCreateBody } from './webhook-models';

export type { BoxCall, BoxOperation, CallAs, CallSpec };

export interface BoxSignApi {
  /** POST /sign_requests → 201. Not idempotent: see box-sign-api.md §8.1 before retrying. */
  createSignRequest(body: BoxSignRequestCreateBody, as?: CallAs): Promise<BoxSignRequest>;
  /** GET /sign_requests/{id}. */
  getSignRequest(id: string, as?: CallAs): Promise<BoxSignRequest>;
  /** GET /sign_requests: one page; pass `next_marker` back as `marker` until it is null or absent. */
  listSignRequests(opts?: { marker?: string; limit?: number }, as?: CallAs): Promise<BoxSignRequestPage>;
  /** POST /sign_requests/{id}/cancel with `{}` or `{reason}`. */
  cancelSignRequest(id: string, body?: BoxSignRequestCancelBody, as?: CallAs): Promise<BoxSignRequest>;
  /** POST /sign_requests/{id}/resend: 202 with an empty body. */
  resendSignRequest(id: string, as?: CallAs): Promise<void>;
}

/** Box Sign templates: read-only through the API (box-sign-api.md §2.5). */
export interface BoxTemplatesApi {
  /** GET /sign_templates/{id}: what a request created from the template must give (checked before the create). */
  getSignTemplate(id: string, as?: CallAs): Promise<BoxSignTemplate>;
}

export function isBoxTemplatesApi(value: unknown): value is BoxTemplatesApi {
  return typeof (value as Partial<BoxTemplatesApi> | null)?.getSignTemplate === 'function';
}

/** Box's webhook API, for registering the Sign webhook (webhooks/register-cli.ts). */
export interface BoxWebhooksApi {
  /** POST /webhooks → 201; 409 when the target already has a webhook of this app and user. */
  createWebhook(body: BoxWebhookCreateBody): Promise<BoxWebhook>;
}

/** Who the credentials authenticate: the worker's start-up check (box/startup-check.ts). */
export interface BoxUsersApi {
  /** GET /users/me?fields=id,type,name: the cheapest authenticated call. */
  getCurrentUser(): Promise<BoxUser>;
}

export interface BoxSignClientDeps {
  logger?: Logger;
  tokenProvider?: TokenProvider;
  /** Clock in epoch milliseconds (durations, token expiry, retry-after dates). */
  now?: () => number;
  /** Told of every Box call once it is answered (metrics: metrics/box-call-metrics.ts). */
  observeCall?: (call: BoxCallObservation) => void;
}

/** One answered (or failed) Box call, with nothing from its request or response. */
export interface BoxCallObservation {
  operation: BoxOperation;
  /** `2xx`, `4xx`, `429`, `5xx`, or `network` when no HTTP status came back (timeout, reset, refused). */
  statusClass: string;
  seconds: number;
}

export function statusClassOf(status: number | undefined): string {
  if (status === undefined) return 'network';
  if (status === 429) return '429';
  return `${Math.floor(status / 100)}xx`;
}

/** Bearer token, `as-user` when acting as a user, and JSON content type on every POST (none on GETs). */
function requestHeaders(spec: CallSpec, token: string, asUser: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (asUser !== undefined) headers['as-user'] = asUser;
  if (spec.method !== 'GET') headers['Content-Type'] = 'application/json';
  return { ...headers, ...spec.headers };
}

function signRequestPath(id: string, suffix = ''): string {
  if (typeof id !== 'string' || id.trim() === '') {
    throw new BoxApiError({
      code: BOX_CLIENT_CODES.invalidArgument,
      boxMessage: 'sign request id must be a non-empty string',
      retryable: false,
      method: suffix === '' ? 'GET' : 'POST',
      path: `/sign_requests/{id}${suffix}`,
    });
  }
  return `/sign_requests/${encodeURIComponent(id)}${suffix}`;
}

export function createBoxSignClient(
  config: BoxClientConfig,
  deps: BoxSignClientDeps = {},
): BoxSignApi & BoxTemplatesApi & BoxWebhooksApi & BoxUsersApi & BoxUploadApi & BoxFilesApi {
  const logger = deps.logger ?? silentLogger;
  const now = deps.now ?? Date.now;
  const observe = (spec: CallSpec, status: number | undefined, started: number) =>
    deps.observeCall?.({
      operation: spec.operation,
      statusClass: statusClassOf(status),
      seconds: (now() - started) / 1000,
    });
  const tokenDeps: { logger?: Logger; now?: () => number } = { logger };
  if (deps.now !== undefined) tokenDeps.now = deps.now;
  const tokens = deps.tokenProvider ?? createTokenProvider(config, tokenDeps);

  // Content-Type and as-user are set per request (requestHeaders): JSON on every POST (resend included, or axios
  // would claim form data), none on GETs.
  const headers: Record<string, string> = { Accept: 'application/json' };

  const http = axios.create({
    baseURL: config.apiBaseUrl,
    timeout: config.timeoutMs,
    headers,
    // Paths are always built here and relative; never let one escape the configured host with the token.
    allowAbsoluteUrls: false,
    // Box does not redirect these endpoints; a 3xx is an error rather than a hop carrying the bearer token.
    maxRedirects: 0,
    validateStatus: (status) => status >= 200 && status < 300,
    transitional: { clarifyTimeoutError: true },
    // Documents are streamed (never held whole); their size is bounded where they come in (DOCUMENT_MAX_BYTES).
    maxBodyLength: Infinity,
  });
  traceBoxCalls(http);

  async function send(spec: CallSpec, token: string): Promise<AxiosResponse<unknown>> {
    const started = now();
    try {
      const response = await http.request<unknown>({
        method: spec.method,
        url: spec.path,
        params: spec.params,
        data: spec.body === undefined ? spec.data : spec.body(),
        headers: requestHeaders(spec, token, spec.asUser ?? config.asUserId),
        ...(spec.stream
          ? {
              responseType: 'stream' as const,
              validateStatus: (status: number) => [200, 202, 206, 302].includes(status),
            }
          : {}),
        ...(spec.host === 'upload' ? { baseURL: config.uploadBaseUrl } : {}),
      });
      observe(spec, response.status, started);
      const requestId: unknown = response.headers['box-request-id'];
      logger.debug('box api call', {
        method: spec.method.toUpperCase(),
        path: spec.path,
        status: response.status,
        durationMs: now() - started,
        requestId: typeof requestId === 'string' ? requestId : undefined,
      });
      return response;
    } catch (err) {
      // A refused file download's body is a stream nobody reads: free its connection.
      if (spec.stream) (err as { response?: { data?: { destroy?: () => void } } }).response?.data?.destroy?.();
      const error = toBoxApiError(err, spec.method, spec.path, now);
      observe(spec, error.status, started);
      logger.debug('box api call', {
        method: error.method,
        path: spec.path,
        status: error.status,
        code: error.code,
        durationMs: now() - started,
        requestId: error.requestId,
      });
      throw error;
    }
  }

  async function call(spec: CallSpec): Promise<AxiosResponse<unknown>> {
    const token = await tokens.getToken();
    try {
      return await send(spec, token);
    } catch (err) {
      if (!(err instanceof BoxApiError) || err.status !== 401) throw err;
      tokens.invalidate(token);
      const fresh = await tokens.getToken();
      // Same token again (e.g. a developer token): retrying would only repeat the 401.
      if (fresh === token) throw err;
      return await send(spec, fresh);
    }
  }

  async function callForSignRequest(spec: CallSpec): Promise<BoxSignRequest> {
    const response = await call(spec);
    const data = response.data;
    if (!isRecord(data) || typeof data['id'] !== 'string') {
      throw invalidResponse(spec, response.status, 'a sign request object');
    }
    return data as BoxSignRequest;
  }

  const files = createFileContentReader({
    apiBaseUrl: config.apiBaseUrl,
    timeoutMs: config.timeoutMs,
    now,
    authorizedGet: (path, as, headers) =>
      call({ operation: 'download_file', method: 'GET', path, asUser: as?.asUser, headers, stream: true }),
  });

  return {
    openFileContent: (fileId, as, options) => files.openFileContent(fileId, as, options),
    ...createUploadApi(call),

    async createSignRequest(body, as) {
      try {
        return await callForSignRequest({
          operation: 'create_sign_request',
          method: 'POST',
          path: '/sign_requests',
          data: body,
          asUser: as?.asUser,
        });
      } catch (err) {
        throw withoutEchoedValues(err, signerSecretsOf(body));
      }
    },

    async getSignRequest(id, as) {
      return await callForSignRequest({
        operation: 'get_sign_request',
        method: 'GET',
        path: signRequestPath(id),
        asUser: as?.asUser,
      });
    },

    async listSignRequests(opts = {}, as) {
      const params: Record<string, string | number> = {};
      if (opts.marker !== undefined) params['marker'] = opts.marker;
      if (opts.limit !== undefined) params['limit'] = opts.limit;
      const spec: CallSpec = {
        operation: 'list_sign_requests',
        method: 'GET',
        path: '/sign_requests',
        params,
        asUser: as?.asUser,
      };
      const response = await call(spec);
      const data = response.data;
      if (!isRecord(data) || !Array.isArray(data['entries'])) {
        throw invalidResponse(spec, response.status, 'a sign request page');
      }
      return data as unknown as BoxSignRequestPage;
    },

    async cancelSignRequest(id, body, as) {
      // Always a JSON object: a body-less POST has been rejected before (box-java-sdk#1085).
      const data: BoxSignRequestCancelBody = body ?? {};
      return await callForSignRequest({
        operation: 'cancel_sign_request',
        method: 'POST',
        path: signRequestPath(id, '/cancel'),
        data,
        asUser: as?.asUser,
      });
    },

    async resendSignRequest(id, as) {
      await call({
        operation: 'resend_sign_request',
        method: 'POST',
        path: signRequestPath(id, '/resend'),
        asUser: as?.asUser,
      });
    },

    async getSignTemplate(id, as) {
      const spec: CallSpec = {
        operation: 'get_sign_template',
        method: 'GET',
        path: `/sign_templates/${encodeURIComponent(id)}`,
        asUser: as?.asUser,
      };
      const response = await call(spec);
      const data = response.data;
      if (!isRecord(data) || typeof data['id'] !== 'string') {
        throw invalidResponse(spec, response.status, 'a sign template');
      }
      return data as BoxSignTemplate;
    },

    async getCurrentUser() {
      const spec: CallSpec = {
        operation: 'get_current_user',
        method: 'GET',
        path: '/users/me',
        params: { fields: 'id,type,name' },
      };
      const response = await call(spec);
      const data = response.data;
      if (!isRecord(data) || typeof data['id'] !== 'string') throw invalidResponse(spec, response.status, 'a user');
      return data as unknown as BoxUser;
    },

    async createWebhook(body) {
      const spec: CallSpec = { operation: 'create_webhook', method: 'POST', path: '/webhooks', data: body };
      const response = await call(spec);
      const data = response.data;
      if (!isRecord(data) || typeof data['id'] !== 'string') throw invalidResponse(spec, response.status, 'a webhook');
      return data as BoxWebhook;
    },
  };
}
