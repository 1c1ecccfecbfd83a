import type { Attributes, AttributeValue } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { redactText } from '../logging/redact';

/**
 * Defence in depth before spans leave the process: every string in attributes, events (an exception's message
 * and stack) and the status message goes through the logger's redaction (e-mails, phone numbers, bearer
 * tokens, `password: …` pairs). The spans themselves only record ids, names, routes and status codes.
 */
export class RedactingSpanExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(spans.map(redactSpan), resultCallback);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

export function redactSpan(span: ReadableSpan): ReadableSpan {
  const spanContext = span.spanContext();
  return {
    name: redactText(span.name),
    kind: span.kind,
    spanContext: () => spanContext,
    parentSpanContext: span.parentSpanContext,
    startTime: span.startTime,
    endTime: span.endTime,
    status:
      span.status.message === undefined ? span.status : { ...span.status, message: redactText(span.status.message) },
    attributes: redactAttributes(span.attributes),
    links: span.links.map((link) => ({ ...link, attributes: link.attributes && redactAttributes(link.attributes) })),
    events: span.events.map(redactEvent),
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

function redactEvent(event: TimedEvent): TimedEvent {
  return { ...event, attributes: event.attributes && redactAttributes(event.attributes) };
}

function redactAttributes(attributes: Attributes): Attributes {
  return Object.fromEntries(Object.entries(attributes).map(([key, value]) => [key, redactValue(value)]));
}

function redactValue(value: AttributeValue | undefined): AttributeValue | undefined {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value))
    return value.map((item: unknown) => (typeof item === 'string' ? redactText(item) : item)) as AttributeValue;
  return value;
}
