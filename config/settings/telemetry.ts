import { defineSettings } from '../setting';

const OTEL_SDK = 'the OpenTelemetry SDK (tracing/process-tracing.ts turns tracing on when it is set)';

/** Traces (tracing/): read by the OpenTelemetry SDK itself; listed so that the docs and the deployment checks know them. */
export const TELEMETRY_SETTINGS = defineSettings({
  OTEL_EXPORTER_OTLP_ENDPOINT: {
    kind: 'external',
    readBy: OTEL_SDK,
    description:
      'OTLP/HTTP collector, e.g. `http://collector:4318`; unset: no tracing ([traces](operations.md#traces)). ' +
      "The SDK's other `OTEL_*` variables (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, `OTEL_EXPORTER_OTLP_HEADERS`, " +
      '`OTEL_RESOURCE_ATTRIBUTES`…) work as it defines them',
    processes: ['worker', 'api', 'webhook-receiver'],
  },
  OTEL_SERVICE_NAME: {
    kind: 'external',
    readBy: OTEL_SDK,
    docDefault: '`box-sign-worker`, `box-sign-api`, `box-sign-webhooks`',
    description: 'the service name on the traces',
    processes: ['worker', 'api', 'webhook-receiver'],
  },
});
