import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { Tracing } from '../../tracing/process-tracing';
import { workerTracing } from '../../tracing/worker-tracing';
import type { ReplayOutcome } from './replay-histories';
import { bundleFor, formatReplayReport, historyFiles, replayAll } from './replay-histories';

/**
 * Turning tracing on is a deploy like any other: the workflow bundle gains the tracing workflow interceptors
 * (tracing/workflow-interceptors.ts), and every committed history (all written without them) must still replay.
 * (Temporal's own workflow interceptors from @temporalio/interceptors-opentelemetry 1.24.0 fail resend.json.)
 */
describe('committed histories replay on a worker with tracing on', () => {
  let outcomes: ReplayOutcome[];
  const exported = new InMemorySpanExporter();

  beforeAll(async () => {
    const traced = workerTracing(tracingStub(exported));
    outcomes = await replayAll(await bundleFor(undefined, traced.workflowInterceptorModules), historyFiles(), {
      sinks: traced.sinks,
    });
    console.log(formatReplayReport(outcomes));
  }, 120_000);

  it('the bundle holds the tracing interceptors of tracing/', () => {
    expect(workerTracing(tracingStub()).workflowInterceptorModules).toEqual([
      expect.stringMatching(/tracing[\\/]workflow-interceptors\.(ts|js)$/),
    ]);
  });

  it.each(historyFiles())('%s replays without a nondeterminism error', (file) => {
    const outcome = outcomes.find((o) => o.file === file);
    expect(formatReplayReport([outcome!])).toBe(`ok   ${file}`);
  });

  it('replaying exports no workflow spans (the sink is not called during replay)', () => {
    expect(exported.getFinishedSpans()).toEqual([]);
  });
});

function tracingStub(exporter = new InMemorySpanExporter()): Tracing {
  const spanProcessor = new SimpleSpanProcessor(exporter);
  return { resource: resourceFromAttributes({}), spanProcessor, shutdown: () => spanProcessor.shutdown() };
}
