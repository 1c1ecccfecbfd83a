import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { routeOf } from '../../box/traced-calls';
import { clientTracingInterceptors } from '../../tracing/client-tracing';
import { redactSpan } from '../../tracing/redacting-exporter';
import { otlpTracesUrl, startTracing } from '../../tracing/process-tracing';

describe('tracing is off unless an OTLP endpoint is set', () => {
  it('no endpoint: nothing starts, no tracer provider, no client interceptor', () => {
    expect(startTracing('box-sign-worker', {})).toBeUndefined();
    expect(startTracing('box-sign-worker', { OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toBeUndefined();
    expect(clientTracingInterceptors()).toBeUndefined();
    expect(trace.getTracer('x').startSpan('s').isRecording()).toBe(false);
  });

  it('the traces URL follows the OTLP rules: the base endpoint gains /v1/traces, the traces endpoint is used as is', () => {
    expect(otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(
      'http://collector:4318/v1/traces',
    );
    expect(otlpTracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toBe(
      'http://collector:4318/v1/traces',
    );
    expect(
      otlpTracesUrl({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example.net/otlp',
      }),
    ).toBe('https://traces.example.net/otlp');
    expect(otlpTracesUrl({})).toBeUndefined();
  });
});

describe('Box call spans name the route, never an id', () => {
  it.each([
    ['/sign_requests', '/sign_requests'],
    ['/sign_requests/2233445566', '/sign_requests/{id}'],
    ['/sign_requests/abc-123/cancel', '/sign_requests/{id}/cancel'],
    ['/sign_requests/abc%2F123/resend', '/sign_requests/{id}/resend'],
    ['/users/me', '/users/me'],
    ['/webhooks', '/webhooks'],
    ['/sign_requests?marker=xyz', '/sign_requests'],
  ])('%s → %s', (path, route) => {
    expect(routeOf(path)).toBe(route);
  });
});

describe('spans are redacted before they leave the process', () => {
  it('e-mails, phone numbers, bearer tokens and password pairs in attributes, events and status are replaced', () => {
    const span = {
      name: 'RunActivity:createSignRequest',
      kind: SpanKind.INTERNAL,
      spanContext: () => ({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 }),
      parentSpanContext: undefined,
      startTime: [0, 0],
      endTime: [0, 1],
      status: { code: SpanStatusCode.ERROR, message: 'Box refused signer pat@example.com' },
      attributes: { note: 'call +15551232190', list: ['Bearer abc.def', 'plain'], count: 3 },
      links: [],
      events: [{ name: 'exception', time: [0, 0], attributes: { 'exception.message': '{"password":"hunter2"}' } }],
      duration: [0, 1],
      ended: true,
      resource: resourceFromAttributes({}),
      instrumentationScope: { name: 'test' },
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    } as ReadableSpan;
    const redacted = redactSpan(span);
    const text = JSON.stringify({ ...redacted, context: redacted.spanContext() });
    for (const secret of ['pat@example.com', '+15551232190', 'abc.def', 'hunter2']) expect(text).not.toContain(secret);
    expect(redacted.attributes).toEqual({ note: 'call [REDACTED]', list: ['Bearer [REDACTED]', 'plain'], count: 3 });
    expect(redacted.spanContext().traceId).toBe('a'.repeat(32));
    expect(redacted.name).toBe('RunActivity:createSignRequest');
  });
});
