import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  makeWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks, WorkerInterceptors } from '@temporalio/worker';
import type { OpenTelemetrySinks } from '@temporalio/interceptors-opentelemetry';
import type { WorkflowInfo } from '@temporalio/workflow';
import type { Tracing } from './process-tracing';

/** The workflow interceptors (tracing/workflow-interceptors.ts); bundled only when tracing is on. */
export const WORKFLOW_TRACING_MODULE = require.resolve('./workflow-interceptors');

/** What a sign worker adds when tracing is on: activity spans, and the sink workflow spans leave through. */
export interface WorkerTracing {
  /** Passed to the workflow bundle (`workflowInterceptorModules`). */
  workflowInterceptorModules: string[];
  interceptors: WorkerInterceptors;
  sinks: InjectedSinks<OpenTelemetrySinks>;
}

export function workerTracing(tracing: Tracing): WorkerTracing {
  // The package (1.24.0) is typed against OpenTelemetry 1.x; it only calls onEnd with the spans it rebuilt from the
  // sandbox's (tracing/workflow-span-exporter.ts sends them in the 2.x shape) and copies the resource onto them.
  const exporter = makeWorkflowExporter(
    tracing.spanProcessor as unknown as Parameters<typeof makeWorkflowExporter>[0],
    tracing.resource,
  );
  return {
    workflowInterceptorModules: [WORKFLOW_TRACING_MODULE],
    interceptors: {
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
    },
    sinks: {
      exporter: {
        export: {
          // The SDK's exporter copies the whole WorkflowInfo onto every workflow span (memo, search attributes,
          // last failure…); only these identifying fields may go.
          fn: (info, spans) => exporter.export.fn(identifyingInfo(info), spans),
        },
      },
    },
  };
}

function identifyingInfo(info: WorkflowInfo): WorkflowInfo {
  const { workflowId, runId, workflowType, taskQueue, namespace, attempt } = info;
  return { workflowId, runId, workflowType, taskQueue, namespace, attempt } as WorkflowInfo;
}
