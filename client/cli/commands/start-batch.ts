import type { BulkStartCounts, BulkStartItem } from '../../bulk-start';
import { countBulkStart, startSignRequests } from '../../bulk-start';
import { issuesText } from '../format/problem';
import type { BatchLine } from '../batch-file';
import { readBatchFile } from '../batch-file';
import type { BatchProgressState } from '../batch-progress';
import { batchProgress } from '../batch-progress';
import type { CliContext } from '../context';
import { CliInputError, CommandFailedError } from '../errors';

/** One line's outcome: what the library says of its input, by line number instead of position. */
export type BatchLineResult = Omit<BulkStartItem, 'index'> & { line: number };

export interface BatchStartOptions {
  concurrency?: number;
  json: boolean;
}

/**
 * `start --batch`: every line started like `start --input` (idempotent by business key, so a second run after an
 * interruption starts only what is missing), a report of the lines that are not started and a summary. Exit 2
 * when a line is invalid (fix it, run again), else 1 when a start failed (run again), else 0.
 */
export async function startBatch(ctx: CliContext, path: string, options: BatchStartOptions): Promise<void> {
  const lines = readBatchFile(path);
  const sealing = ctx.sealing();
  const results = await ctx.connect(async ({ client, taskQueue }) => {
    const notJson = lines.flatMap((l) => (l.input === undefined ? [notJsonResult(l)] : []));
    const parsed = lines.filter((l): l is Extract<BatchLine, { input: object }> => l.input !== undefined);
    const before: BatchProgressState = { done: notJson.length, total: lines.length, counts: countBulkStart(notJson) };
    const progress = batchProgress(ctx.io, before);
    try {
      const items = await startSignRequests(
        client,
        parsed.map((l) => l.input),
        {
          taskQueue,
          sealing,
          concurrency: options.concurrency,
          onProgress: (p) =>
            progress.update({ done: before.done + p.done, total: before.total, counts: sum(before.counts, p.counts) }),
        },
      );
      const started = items.map(({ index, ...item }) => ({ ...item, line: parsed[index]?.line ?? 0 }));
      return [...notJson, ...started].sort((a, b) => a.line - b.line);
    } finally {
      progress.stop();
    }
  });
  const counts = countBulkStart(results);
  ctx.print(options.json, { counts, items: results }, reportText(results, counts));
  const invalid = linesWith(results, 'invalid');
  if (invalid.length > 0) {
    throw new CliInputError(
      `${invalid.length} of ${results.length} lines invalid: fix them and run the batch again (what started is skipped)`,
    );
  }
  const failed = linesWith(results, 'failed');
  if (failed.length > 0) {
    throw new CommandFailedError(`${failed.length} of ${results.length} starts failed: run the batch again to retry`);
  }
}

function notJsonResult(line: BatchLine): BatchLineResult {
  return { line: line.line, status: 'invalid', issues: 'issues' in line ? line.issues : [] };
}

/** A line per invalid or failed input (field and rule, never a value), then the summary. */
export function reportText(results: readonly BatchLineResult[], counts: BulkStartCounts): string {
  const problems = results.flatMap((r) => {
    const where = `line ${r.line}${r.businessKey === undefined ? '' : ` (${r.businessKey})`}`;
    if (r.status === 'invalid') return [`${where}: invalid: ${issuesText(r.issues ?? [])}`];
    if (r.status === 'failed') return [`${where}: failed: ${r.error?.type ?? 'Error'}: ${r.error?.message ?? ''}`];
    return [];
  });
  const summary = [
    `started ${counts.started}`,
    `already started ${counts.alreadyStarted}`,
    `invalid ${counts.invalid}${lineList(linesWith(results, 'invalid'))}`,
    `failed ${counts.failed}${lineList(linesWith(results, 'failed'))}`,
  ].join(', ');
  return [...problems, summary].join('\n');
}

const LISTED_LINES = 20;

function lineList(lines: number[]): string {
  if (lines.length === 0) return '';
  const shown = lines.slice(0, LISTED_LINES).join(', ');
  const more = lines.length > LISTED_LINES ? `, … ${lines.length - LISTED_LINES} more` : '';
  return ` (line${lines.length === 1 ? '' : 's'} ${shown}${more})`;
}

function linesWith(results: readonly BatchLineResult[], status: BulkStartItem['status']): number[] {
  return results.filter((r) => r.status === status).map((r) => r.line);
}

function sum(a: BulkStartCounts, b: BulkStartCounts): BulkStartCounts {
  return {
    started: a.started + b.started,
    alreadyStarted: a.alreadyStarted + b.alreadyStarted,
    invalid: a.invalid + b.invalid,
    failed: a.failed + b.failed,
  };
}
