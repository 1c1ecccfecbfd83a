import type { Span } from '@opentelemetry/api';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVER_ADDRESS,
} from '@opentelemetry/semantic-conventions';
import type { AxiosError, AxiosInstance, InternalAxiosRequestConfig } from 'axios';

const tracer = trace.getTracer('box-sign-temporal/box');

/** Path segments kept as they are; any other segment after the first is an id. */
const LITERAL_SEGMENTS = new Set(['cancel', 'resend', 'me', 'content', 'upload_sessions', 'commit']);

/**
 * One client span per Box HTTP call (`Box POST /sign_requests`), a child of whatever span is active (the
 * activity's). It records the method, the route with ids replaced, the host and the status code: never the
 * body, headers, query, token or a signer's details. Without a tracer provider the spans are no-ops.
 */
export function traceBoxCalls(http: AxiosInstance): void {
  const spans = new WeakMap<InternalAxiosRequestConfig, Span>();
  http.interceptors.request.use((config) => {
    const method = (config.method ?? 'get').toUpperCase();
    const route = routeOf(config.url ?? '');
    const span = tracer.startSpan(`Box ${method} ${route}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        [ATTR_HTTP_REQUEST_METHOD]: method,
        [ATTR_HTTP_ROUTE]: route,
        [ATTR_SERVER_ADDRESS]: hostOf(config.baseURL),
      },
    });
    spans.set(config, span);
    return config;
  });
  http.interceptors.response.use(
    (response) => {
      const span = spans.get(response.config);
      span?.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.status);
      span?.end();
      return response;
    },
    (err: AxiosError) => {
      const span = err.config && spans.get(err.config);
      if (span) {
        const status = err.response?.status;
        if (status !== undefined) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
        const errorType = status !== undefined ? String(status) : (err.code ?? 'network');
        span.setAttribute(ATTR_ERROR_TYPE, errorType);
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorType });
        span.end();
      }
      return Promise.reject(err);
    },
  );
}

/** `/sign_requests/123/cancel` → `/sign_requests/{id}/cancel`: few distinct routes, no ids in span names. */
export function routeOf(path: string): string {
  const segments = (path.split('?')[0] ?? '').split('/');
  return segments
    .map((segment, index) => (index < 2 || segment === '' || LITERAL_SEGMENTS.has(segment) ? segment : '{id}'))
    .join('/');
}

function hostOf(baseUrl: string | undefined): string {
  try {
    return baseUrl ? new URL(baseUrl).hostname : '';
  } catch {
    return '';
  }
}
