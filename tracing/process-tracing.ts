import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { Resource } from '@opentelemetry/resources';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { RedactingSpanExporter } from './redacting-exporter';

/** The standard OTLP variables that turn tracing on; the exporter reads the others itself (headers, timeout…). */
export const TRACING_ENV = {
  endpoint: 'OTEL_EXPORTER_OTLP_ENDPOINT',
  tracesEndpoint: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  serviceName: 'OTEL_SERVICE_NAME',
} as const;

/** This process's tracer provider: where the Temporal interceptors and the Box client's spans go. */
export interface Tracing {
  readonly resource: Resource;
  readonly spanProcessor: SpanProcessor;
  /** Sends the spans still buffered, then stops exporting. */
  shutdown(): Promise<void>;
}

let active: Tracing | undefined;

/**
 * Where spans go, as the OTLP specification derives it: the traces endpoint as it is, else the base endpoint with
 * `/v1/traces`; undefined (tracing off) when neither is set.
 */
export function otlpTracesUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const traces = env[TRACING_ENV.tracesEndpoint]?.trim();
  if (traces) return traces;
  const base = env[TRACING_ENV.endpoint]?.trim();
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined;
}

/**
 * Starts tracing for this process when an OTLP endpoint is configured; otherwise does nothing and returns
 * undefined, so no tracer provider exists and every span is OpenTelemetry's no-op. Spans leave over OTLP/HTTP
 * (JSON), every string in them redacted. `OTEL_SERVICE_NAME` (or `OTEL_RESOURCE_ATTRIBUTES`) overrides the
 * process's default service name. One per process: a second call returns the first.
 */
export function startTracing(defaultServiceName: string, env: NodeJS.ProcessEnv = process.env): Tracing | undefined {
  const url = otlpTracesUrl(env);
  if (active || url === undefined) return active;
  const resource = resourceFromAttributes({ [ATTR_SERVICE_NAME]: defaultServiceName }).merge(
    detectResources({ detectors: [envDetector] }),
  );
  const spanProcessor = new BatchSpanProcessor(new RedactingSpanExporter(new OTLPTraceExporter({ url })));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  // Global: the async-hooks context manager (an activity's span is the parent of its Box calls) and the W3C
  // propagator (the trace crosses Temporal in a header).
  provider.register();
  active = { resource, spanProcessor, shutdown: () => provider.shutdown() };
  return active;
}

/** The tracing this process started, if any (the Temporal client adds its interceptor only then). */
export function activeTracing(): Tracing | undefined {
  return active;
}
