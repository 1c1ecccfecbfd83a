import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Resource } from '@opentelemetry/resources';
import type { Tracing } from '../../tracing/process-tracing';
import { workerTracing } from '../../tracing/worker-tracing';
import type { ReplayOutcome } from './replay-histories';
import { bundleFor, formatReplayReport, historyFiles, replayAll } from './replay-histories';

/**
 * Turning tracing on is a deploy like any other: the workflow bundle gains Temporal's OpenTelemetry workflow
 * interceptors, and every committed history (all written without them) must still replay.
 */
describe('committed histories replay on a worker with tracing on', () => {
  let outcomes: ReplayOutcome[];
  const exported = new InMemorySpanExporter();

  beforeAll(async () => {
    const spanProcessor = new SimpleSpanProcessor(exported);
    const tracing: Tracing = { resource: new Resource({}), spanProcessor, shutdown: () => spanProcessor.shutdown() };
    const traced = workerTracing(tracing);
    outcomes = await replayAll(await bundleFor(undefined, traced.workflowInterceptorModules), historyFiles(), {
      sinks: traced.sinks,
      interceptors: traced.interceptors,
    });
    console.log(formatReplayReport(outcomes));
  }, 120_000);

  it.each(historyFiles())('%s replays without a nondeterminism error', (file) => {
    const outcome = outcomes.find((o) => o.file === file);
    expect(formatReplayReport([outcome!])).toBe(`ok   ${file}`);
  });

  it('replaying exports no workflow spans (the sink is not called during replay)', () => {
    expect(exported.getFinishedSpans()).toEqual([]);
  });
});
