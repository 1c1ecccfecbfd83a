import type { ClientInterceptors } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { activeTracing } from './process-tracing';

/**
 * The client's interceptor when this process traces: a span for each start, signal, update, query… and its
 * context in a header, so the workflow's spans join the caller's trace. None when tracing is off.
 */
export function clientTracingInterceptors(): ClientInterceptors | undefined {
  return activeTracing() ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } : undefined;
}
