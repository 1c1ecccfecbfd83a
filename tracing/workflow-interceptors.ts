/**
 * Workflow spans, inside the sandbox (deterministic code: bundled into the workflows only when tracing is on).
 *
 * Why not the package's own workflow interceptors (1.24.0): with them the committed `resend` history fails to
 * replay (update completed and next poll scheduled in the other order). They wrap every call in async functions,
 * adding microtask hops between an activity's or update's completion and the workflow code awaiting it, which
 * can reorder commands where an update handler and the main loop race; turning tracing on or off would then
 * break requests in flight. These interceptors hand back
 * the very promise `next` returned and end their span in a callback on it: the workflow sees the same timing
 * with tracing on, off, or toggled between deploys. Spans leave through the package's sink (`exporter`).
 */
import '@temporalio/interceptors-opentelemetry/lib/workflow/runtime';
import * as otel from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import {
  extractContextFromHeaders,
  headersWithContext,
} from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import { ContextManager } from '@temporalio/interceptors-opentelemetry/lib/workflow/context-manager';
import type {
  ActivityInput,
  ContinueAsNewInput,
  Headers,
  Next,
  SignalInput,
  UpdateInput,
  WorkflowExecuteInput,
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptors,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import { ContinueAsNew, workflowInfo } from '@temporalio/workflow';
import { WorkflowSpanExporter } from './workflow-span-exporter';

let tracer: otel.Tracer | undefined;
let contextManager: ContextManager | undefined;

function workflowTracer(): otel.Tracer {
  if (tracer === undefined) {
    contextManager = new ContextManager();
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(new WorkflowSpanExporter())],
    });
    // What BasicTracerProvider.register() did in OpenTelemetry 1.x (2.x leaves it to the API's globals).
    otel.trace.setGlobalTracerProvider(provider);
    otel.context.setGlobalContextManager(contextManager);
    otel.propagation.setGlobalPropagator(
      new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
    );
    tracer = provider.getTracer('box-sign-temporal/workflow');
  }
  return tracer;
}

/** Runs `call` inside a new active span (child of `parent` or of the active one) and ends it when its promise settles. */
function traced<T>(name: string, parent: otel.Context | undefined, call: () => Promise<T>): Promise<T> {
  const run = () =>
    workflowTracer().startActiveSpan(name, (span) => {
      const result = call();
      result.then(
        () => endOk(span),
        (err: unknown) => endFailed(span, err),
      );
      return result;
    });
  return parent ? otel.context.with(parent, run) : run();
}

function endOk(span: otel.Span): void {
  span.setStatus({ code: otel.SpanStatusCode.OK });
  span.end();
}

function endFailed(span: otel.Span, err: unknown): void {
  if (err instanceof ContinueAsNew) return endOk(span);
  const benign = err instanceof ApplicationFailure && err.category === ApplicationFailureCategory.BENIGN;
  const message = err instanceof Error ? err.message : String(err);
  span.setStatus({ code: benign ? otel.SpanStatusCode.UNSET : otel.SpanStatusCode.ERROR, message });
  span.end();
}

function withContext(headers: Headers): Headers {
  workflowTracer();
  return headersWithContext(headers);
}

class TracingInbound implements WorkflowInboundCallsInterceptor {
  execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    workflowTracer();
    const parent = extractContextFromHeaders(input.headers);
    return traced(`RunWorkflow:${workflowInfo().workflowType}`, parent, () => next(input));
  }

  handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>): Promise<void> {
    const parent = extractContextFromHeaders(input.headers);
    return traced(`HandleSignal:${input.signalName}`, parent, () => next(input));
  }

  handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>): Promise<unknown> {
    const parent = extractContextFromHeaders(input.headers);
    return traced(`HandleUpdate:${input.name}`, parent, () => next(input));
  }
}

class TracingOutbound implements WorkflowOutboundCallsInterceptor {
  scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>) {
    return traced(`StartActivity:${input.activityType}`, undefined, () =>
      next({ ...input, headers: withContext(input.headers) }),
    );
  }

  continueAsNew(input: ContinueAsNewInput, next: Next<WorkflowOutboundCallsInterceptor, 'continueAsNew'>) {
    return next({ ...input, headers: withContext(input.headers) });
  }
}

export const interceptors = (): WorkflowInterceptors => ({
  inbound: [new TracingInbound()],
  outbound: [new TracingOutbound()],
  internals: [
    {
      dispose(input, next) {
        contextManager?.disable();
        next(input);
      },
    },
  ],
});
