import type { ExportResult } from '@opentelemetry/core';
import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { OpenTelemetrySinks, SerializableSpan } from '@temporalio/interceptors-opentelemetry';
import { proxySinks } from '@temporalio/workflow';

/**
 * Workflow spans out of the sandbox through the package's `exporter` sink, as its own SpanExporter does, but in
 * OpenTelemetry 2.x's shape: 1.24.0's exporter copies `parentSpanId` and `instrumentationLibrary`, which 2.x spans no
 * longer have (`parentSpanContext`, `instrumentationScope`), so workflow spans would lose their parent and the OTLP
 * exporter would find no scope. The worker side (makeWorkflowExporter) keeps every field it is given.
 */
export class WorkflowSpanExporter implements SpanExporter {
  private sink: OpenTelemetrySinks['exporter'] | undefined;

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.sink ??= proxySinks<OpenTelemetrySinks>().exporter;
    this.sink.export(spans.map(serializable));
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  async shutdown(): Promise<void> {}
}

function serializable(span: ReadableSpan): SerializableSpan {
  // TraceState objects lose their methods across the isolate boundary: a string crosses it.
  const { traceState, ...spanContext } = span.spanContext();
  const serialized = {
    name: span.name,
    kind: span.kind,
    spanContext: { ...spanContext, traceState: traceState?.serialize() },
    parentSpanContext: span.parentSpanContext && { ...span.parentSpanContext, traceState: undefined },
    startTime: span.startTime,
    endTime: span.endTime,
    status: span.status,
    attributes: span.attributes,
    links: span.links,
    events: span.events,
    duration: span.duration,
    ended: span.ended,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
    instrumentationScope: span.instrumentationScope,
  };
  return serialized as unknown as SerializableSpan;
}
