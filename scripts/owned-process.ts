import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

/**
 * A child process that belongs to this one (the chaos run, a reliability test): not detached, its output in a
 * log file, and killed when this process exits, however it exits, so that nothing is left running.
 */
export class OwnedProcess {
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(command: string, args: string[], options: { env: NodeJS.ProcessEnv; logFile: string }) {
    const out = openSync(options.logFile, 'a');
    try {
      this.child = spawn(command, args, { stdio: ['ignore', out, out], env: options.env });
    } finally {
      closeSync(out);
    }
    if (this.child.pid === undefined) throw new Error(`could not start ${command}`);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    live.add(this);
    void this.exited.then(() => live.delete(this));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGKILL: no shutdown, no draining, as a crash. */
  async kill(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  killNow(): void {
    if (this.running) this.child.kill('SIGKILL');
  }
}

const live = new Set<OwnedProcess>();

process.once('exit', () => {
  for (const owned of live) owned.killNow();
});
