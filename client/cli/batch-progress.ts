import { Presets, SingleBar } from 'cli-progress';
import type { BulkStartCounts } from '../bulk-start';
import type { CliIo } from './context';

export interface BatchProgressState {
  done: number;
  total: number;
  counts: BulkStartCounts;
}

/** How a batch shows how far it is, on stderr (stdout keeps the report, so it can be piped). */
export interface BatchProgress {
  readonly kind: 'bar' | 'lines';
  update(state: BatchProgressState): void;
  stop(): void;
}

/** A bar when stderr is a terminal; plain lines when it is a file, a pipe or a CI log. */
export function batchProgress(io: CliIo, first: BatchProgressState): BatchProgress {
  return io.terminal ? new BarProgress(io.terminal, first) : new LineProgress(io, first);
}

export function countsText(counts: BulkStartCounts): string {
  return `started ${counts.started}, already started ${counts.alreadyStarted}, invalid ${counts.invalid}, failed ${counts.failed}`;
}

class BarProgress implements BatchProgress {
  readonly kind = 'bar';
  private readonly bar: SingleBar;

  constructor(stream: NodeJS.WriteStream, first: BatchProgressState) {
    this.bar = new SingleBar(
      {
        stream,
        format: '{bar} {value}/{total} | {counts} | ETA {eta_formatted}',
        // No terminal mode to restore: a Ctrl-C (safe: run the file again) leaves the cursor shown and lines wrapping.
        hideCursor: false,
        linewrap: true,
        clearOnComplete: true,
      },
      Presets.shades_classic,
    );
    this.bar.start(first.total, first.done, { counts: countsText(first.counts) });
  }

  update(state: BatchProgressState): void {
    this.bar.update(state.done, { counts: countsText(state.counts) });
  }

  stop(): void {
    this.bar.stop();
  }
}

/** Every tenth of the batch, at most every few seconds in between, and the last item. */
export class LineProgress implements BatchProgress {
  readonly kind = 'lines';
  static readonly EVERY_MS = 5_000;
  private readonly every: number;
  private lastShownAt: number;

  constructor(
    private readonly io: CliIo,
    first: BatchProgressState,
    private readonly now: () => number = Date.now,
  ) {
    this.every = Math.max(1, Math.ceil(first.total / 10));
    this.lastShownAt = now();
  }

  update(state: BatchProgressState): void {
    const due =
      state.done === state.total ||
      state.done % this.every === 0 ||
      this.now() - this.lastShownAt >= LineProgress.EVERY_MS;
    if (!due) return;
    this.lastShownAt = this.now();
    this.io.err(`box-sign: ${state.done}/${state.total} done: ${countsText(state.counts)}\n`);
  }

  stop(): void {}
}
