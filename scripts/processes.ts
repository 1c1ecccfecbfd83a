import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { createServer } from 'node:net';

/** Small process and port helpers for the local stack; each waits with a deadline, never forever. */

export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * Ports handed to another process (which binds them later) come from below Linux's ephemeral range (32768–60999):
 * the kernel's port-0 pick comes from that range, where any outgoing connection may take the port between our check
 * and the other process's bind. Above 20000, clear of the stack's fixed defaults.
 */
const HANDED_OUT_PORTS = { from: 20_000, to: 30_000 } as const;

export async function freePort(): Promise<number> {
  const span = HANDED_OUT_PORTS.to - HANDED_OUT_PORTS.from;
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = HANDED_OUT_PORTS.from + Math.floor(Math.random() * span);
    if (await isPortFree(port)) return port;
  }
  throw new Error(`no free port between ${HANDED_OUT_PORTS.from} and ${HANDED_OUT_PORTS.to} after 100 tries`);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts a process that outlives this one, its output appended to `logFile` (created owner-only). */
export function spawnDetached(command: string, args: string[], logFile: string, env: NodeJS.ProcessEnv): number {
  const out = openSync(logFile, 'a', 0o600);
  const child = spawn(command, args, { detached: true, stdio: ['ignore', out, out], env });
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  return child.pid;
}

export async function stopProcess(pid: number, graceMs = 10_000): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    await sleep(100);
  }
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

/** Polls `check` until it passes; gives up at the deadline, or at once when the process it waits for died. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  process?: { pid: number; logFile: string },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    if (process !== undefined && !isAlive(process.pid)) throw new Error(`${what} exited: see ${process.logFile}`);
    await sleep(200);
  }
  throw new Error(`${what} was not ready within ${Math.round(timeoutMs / 1000)} s`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
