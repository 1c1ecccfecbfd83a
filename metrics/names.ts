/**
 * Every metric the project defines (the SDK's own `temporal_*` metrics come on top, on the worker's port). One place,
 * so that the README table and the code cannot disagree: test/metrics/names.test.ts checks the table against this.
 * Prometheus conventions: snake_case, a `box_sign_` prefix, `_total` on counters, base units (`_seconds`). No label
 * holds a personal value or an unbounded id (no workflow id, business key, e-mail, sign request id).
 *
 * The worker's metrics are created through Temporal's metric meter, whose Prometheus exporter appends `_total`
 * (countersTotalSuffix): `name` is what Prometheus shows, `meterName` what the meter is given. The meter adds its
 * own tags in the SDK's spelling: `namespace`, `taskQueue`, and `workflowType` or `activityType`.
 */
export interface MetricDefinition {
  name: string;
  kind: 'counter' | 'histogram';
  help: string;
  labels: readonly string[];
  /** Which processes export it. */
  where: 'worker' | 'receiver' | 'api' | 'receiver, api' | 'receiver, api, codec server';
}

export const METRICS = {
  requestsStarted: {
    name: 'box_sign_requests_started_total',
    kind: 'counter',
    help: 'Sign requests whose workflow started (not counting continue-as-new), by the strongest signer verification',
    labels: ['verification'],
    where: 'worker',
  },
  requestsEnded: {
    name: 'box_sign_requests_ended_total',
    kind: 'counter',
    help: 'Sign requests that ended: outcome signed/declined/expired/cancelled, or failed with its failure type',
    labels: ['outcome', 'failure_type'],
    where: 'worker',
  },
  requestDuration: {
    name: 'box_sign_request_duration_seconds',
    kind: 'histogram',
    help: 'Time from the start of a request to its outcome or failure',
    labels: ['outcome'],
    where: 'worker',
  },
  boxCalls: {
    name: 'box_sign_box_api_calls_total',
    kind: 'counter',
    help: 'Box API calls, by operation and status class (2xx, 4xx, 429, 5xx, network)',
    labels: ['operation', 'status_class'],
    where: 'worker',
  },
  boxCallDuration: {
    name: 'box_sign_box_api_call_duration_seconds',
    kind: 'histogram',
    help: 'Latency of Box API calls',
    labels: ['operation'],
    where: 'worker',
  },
  boxRateLimited: {
    name: 'box_sign_box_rate_limited_total',
    kind: 'counter',
    help: 'Box calls answered 429 whose activity then waited before its next attempt',
    labels: [],
    where: 'worker',
  },
  boxRetryAfterWait: {
    name: 'box_sign_box_retry_after_wait_seconds_total',
    kind: 'counter',
    help: "Time activities were told to wait because of Box's retry-after (429 or 5xx)",
    labels: [],
    where: 'worker',
  },
  polls: {
    name: 'box_sign_polls_total',
    kind: 'counter',
    help: 'Status polls of Box (one GET each), by whether the request had changed',
    labels: ['result'],
    where: 'worker',
  },
  webhookConfirmations: {
    name: 'box_sign_webhook_confirmations_total',
    kind: 'counter',
    help: "GETs that confirm what a webhook announced (a webhook's payload alone is never trusted)",
    labels: [],
    where: 'worker',
  },
  unexpectedErrors: {
    name: 'box_sign_unexpected_activity_errors_total',
    kind: 'counter',
    help: 'Activity attempts that failed with an error that is not a Box error nor a typed failure (a bug, most likely)',
    labels: [],
    where: 'worker',
  },
  callbacks: {
    name: 'box_sign_callback_attempts_total',
    kind: 'counter',
    help: 'Completion callback delivery attempts, by result (delivered, or the failure type)',
    labels: ['result'],
    where: 'worker',
  },
  evidenceAttempts: {
    name: 'box_sign_evidence_attempts_total',
    kind: 'counter',
    help: 'Attempts to collect a finished request\'s evidence (collected, not_ready, or the failure type); overdue="true" once it has been missing past its alertAfter',
    labels: ['result', 'overdue'],
    where: 'worker',
  },
  evidenceBytes: {
    name: 'box_sign_evidence_bytes_total',
    kind: 'counter',
    help: 'Bytes of evidence streamed from Box and hashed (never stored)',
    labels: [],
    where: 'worker',
  },
  receiverBoxCalls: {
    name: 'box_sign_box_api_calls_total',
    kind: 'counter',
    help: 'Box API calls of the receiver (look-ups) and of the API (document uploads), as on the worker',
    labels: ['operation', 'status_class'],
    where: 'receiver, api',
  },
  receiverBoxCallDuration: {
    name: 'box_sign_box_api_call_duration_seconds',
    kind: 'histogram',
    help: 'Latency of the receiver’s and the API’s Box API calls',
    labels: ['operation'],
    where: 'receiver, api',
  },
  webhookDeliveries: {
    name: 'box_sign_webhook_deliveries_total',
    kind: 'counter',
    help: 'Webhook deliveries by verdict: a notify result (signalled…), duplicate, acknowledged, unavailable, or the rejection reason',
    labels: ['verdict'],
    where: 'receiver',
  },
  webhookSignalDuration: {
    name: 'box_sign_webhook_signal_duration_seconds',
    kind: 'histogram',
    help: 'Time to hand a verified webhook event to its workflow (Temporal accepting the signal)',
    labels: [],
    where: 'receiver',
  },
  httpRequests: {
    name: 'box_sign_http_requests_total',
    kind: 'counter',
    help: 'HTTP requests by route pattern (never the raw URL), method and status code',
    labels: ['route', 'method', 'status'],
    where: 'receiver, api, codec server',
  },
  httpRequestDuration: {
    name: 'box_sign_http_request_duration_seconds',
    kind: 'histogram',
    help: 'HTTP request latency by route pattern',
    labels: ['route', 'method'],
    where: 'receiver, api, codec server',
  },
} as const satisfies Record<string, MetricDefinition>;

/** What Temporal's metric meter is given for a counter: its exporter adds `_total`. */
export function meterName(metric: MetricDefinition): string {
  return metric.kind === 'counter' ? metric.name.replace(/_total$/, '') : metric.name;
}

/** Seconds-scale buckets: Box calls and signals take milliseconds to seconds. */
export const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** A request lives minutes to weeks. */
export const REQUEST_DURATION_BUCKETS_SECONDS = [
  1,
  10,
  60,
  300,
  1800,
  3600,
  4 * 3600,
  86_400,
  3 * 86_400,
  7 * 86_400,
  30 * 86_400,
];
