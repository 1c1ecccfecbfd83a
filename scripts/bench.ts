import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { BenchStack } from '../bench/bench-stack';
import { startBenchStack } from '../bench/bench-stack';
import type { ModeResult } from '../bench/latency-run';
import { runLatencyMode } from '../bench/latency-run';
import type { BenchPart } from '../bench/options';
import { benchOptions } from '../bench/options';
import { clusterPorts, frontendAddress } from './cluster/layout';
import { runLifetimes } from '../bench/lifetime-run';
import type { OpenRequestsResult } from '../bench/open-run';
import { openRequestsLine, runOpenRequests } from '../bench/open-run';
import { benchModes, lifetimeModes } from '../bench/policies';
import type { BenchReport } from '../bench/report';
import { judgeTargets, machine, renderTable, throughputLine } from '../bench/report';
import type { SendersResult } from '../bench/senders-run';
import { runSenders, sendersLine } from '../bench/senders-run';
import type { ThroughputResult } from '../bench/throughput-run';
import { runThroughput } from '../bench/throughput-run';
import { signingDelays } from '../bench/workload';
import { latestChaosRecovery, recoveryCheck } from '../bench/chaos-recovery';
import type { EvidenceResult } from '../bench/evidence-run';
import { runEvidence } from '../bench/evidence-run';

/** Requests the evidence part times one after another (each signature → its callback with documents). */
const EVIDENCE_REQUESTS = 30;
import { PROJECT_ROOT } from './tools';

/**
 * `npm run bench`: on a stack of its own, the same workload (N requests, signers at random times in a window) with
 * fixed-interval polling, adaptive polling, and webhooks + a backstop poll; then M requests signed at once against
 * a minimal workflow with as many activity calls, in alternating rounds; then many senders inside their Box quotas
 * (a bulk of one, a few of two others); then thousands of requests held open by one worker; then whole lives of
 * hours to days, polling only, on a time-skipping server (lifetime-run.ts). `--only` picks parts. Prints the
 * tables, writes bench/results/bench-<time>.json. A measurement, not a test: it never fails on a missed target,
 * it reports it.
 */
async function main(): Promise<void> {
  // `--cluster`: on the local cluster (npm run cluster:up), whose task queues have several partitions.
  const argv = process.argv.slice(2);
  const onCluster = argv.includes('--cluster') ? ['--temporal-address', frontendAddress(clusterPorts())] : [];
  const options = benchOptions(
    [...argv.filter((arg) => arg !== '--cluster'), ...onCluster],
    process.env,
    join(PROJECT_ROOT, 'bench', 'results'),
  );
  const runs = (part: BenchPart) => options.only.includes(part);
  const runId = randomBytes(3).toString('hex');
  const began = Date.now();
  const say = (line: string) => console.log(`[${((Date.now() - began) / 1000).toFixed(0).padStart(4)}s] ${line}`);
  const dir = mkdtempSync(join(tmpdir(), 'box-sign-bench-'));
  let stack: BenchStack | undefined;
  const stopOnSignal = () => void (stack?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  let ok = false;
  try {
    const modes: ModeResult[] = [];
    let throughput: ThroughputResult | undefined;
    let senders: SendersResult | undefined;
    let openRequests: OpenRequestsResult | undefined;
    let evidence: EvidenceResult | undefined;
    if (options.only.some((part) => part !== 'lifetime')) {
      stack = await startBenchStack(dir, options.temporalAddress);
      say(`stack up (Temporal ${stack.temporalAddress}); logs in ${dir}`);
      if (runs('latency')) {
        const signAtMs = signingDelays(options.requests, options.windowS * 1000);
        for (const mode of benchModes(options.fixedIntervalMs)) {
          modes.push(await runLatencyMode(stack, mode, signAtMs, `bench-${runId}-${mode.name}`, say));
        }
      }
      if (runs('throughput')) {
        throughput = await runThroughput(stack, options.throughput, options.throughputRounds, runId, say, {
          maxCachedWorkflows: options.maxCachedWorkflows,
          ...(options.cpuProfDir === undefined ? {} : { cpuProfDir: options.cpuProfDir }),
        });
        say(throughputLine(throughput));
      }
      if (runs('senders')) {
        senders = await runSenders(stack, options, runId, say);
        say(sendersLine(senders));
      }
      if (runs('evidence')) {
        evidence = await runEvidence(
          stack,
          { requests: EVIDENCE_REQUESTS, pdfBytes: 1024 * 1024, bigFileBytes: 100 * 1024 * 1024 },
          runId,
          say,
        );
      }
      // Last on this stack: its thousands of waiting workflows stay on the dev server until it stops.
      if (runs('open')) {
        openRequests = await runOpenRequests(stack, options, runId, say);
        say(openRequestsLine(openRequests));
      }
      await stack.stop();
    }
    const lifetime = runs('lifetime')
      ? await runLifetimes(
          lifetimeModes(options.fixedIntervalMs),
          signingDelays(options.lifetimeRequests, options.lifetimeWindowH * 3_600_000),
          runId,
          say,
        )
      : [];
    const results = {
      modes,
      ...(throughput ? { throughput } : {}),
      ...(senders ? { senders } : {}),
      ...(openRequests ? { openRequests } : {}),
      ...(evidence ? { evidence } : {}),
      lifetime,
    };
    const chaos = latestChaosRecovery(join(PROJECT_ROOT, 'bench', 'results'));
    const report: BenchReport = {
      ranAt: new Date(began).toISOString(),
      machine: machine(),
      options: { ...options, outDir: relative(PROJECT_ROOT, options.outDir) || '.' },
      ...results,
      targets: [
        ...judgeTargets(results, {
          short: `signers within ${options.windowS} s`,
          lifetime: `signers within ${options.lifetimeWindowH} h`,
        }),
        // Measured by `npm run chaos` (it kills workers); the latest result, so that the four targets read together.
        ...(chaos ? [recoveryCheck(chaos.file, chaos.result)] : []),
      ],
    };
    mkdirSync(options.outDir, { recursive: true });
    const file = join(options.outDir, `bench-${report.ranAt.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\n${renderTable(report)}\n\nWritten to ${file} in ${((Date.now() - began) / 1000).toFixed(0)} s`);
    ok = true;
  } finally {
    await stack?.stop();
    if (ok) rmSync(dir, { recursive: true, force: true });
    else console.error(`logs kept in ${dir}`);
  }
}

main().catch((err: unknown) => {
  console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});
