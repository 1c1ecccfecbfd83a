import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { InspectedThread, InspectorSession } from './inspector-session';
import { openInspectorSession } from './inspector-session';

/**
 * What the bench asks of the worker's inspector once it has held its requests: a full garbage collection
 * (`HeapProfiler.collectGarbage`) on every thread, so that the RSS read after it is what the worker holds, not the
 * garbage V8 has not collected yet; each thread's `process.memoryUsage()` (the V8 heap and external memory of that
 * thread's isolate); and, when asked, a heap snapshot of each thread (writeHeapSnapshots).
 */

/** One thread's `process.memoryUsage()` after the GC: rss is the process's, the rest the thread's isolate's. */
export interface ThreadMemory {
  thread: 'main' | 'worker';
  heapTotalBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
}

export interface AfterGc {
  /** Threads the GC ran on (main + the workflow thread). */
  gcThreads: number;
  /** Each thread's memory after the GC. */
  memory: ThreadMemory[];
}

/** Collects garbage on every thread of the process whose inspector listens on `port`, then reads each thread's memory. */
export async function collectGarbage(port: number): Promise<AfterGc> {
  const session = await openInspectorSession(port);
  try {
    for (const thread of session.threads) await session.call('HeapProfiler.collectGarbage', {}, thread);
    const memory: ThreadMemory[] = [];
    for (const thread of session.threads) memory.push(await threadMemory(session, thread));
    return { gcThreads: session.threads.length, memory };
  } finally {
    session.close();
  }
}

/**
 * Writes `<dir>/<name>-main.heapsnapshot`, `<name>-worker1.heapsnapshot`…, one per thread; returns the files. Taking
 * a snapshot grows the process's RSS by about the heap's size: read the RSS before.
 */
export async function writeHeapSnapshots(port: number, dir: string, name: string): Promise<string[]> {
  // A heap snapshot of a few hundred MiB takes a while on a busy machine.
  const session = await openInspectorSession(port, 300_000);
  try {
    const files: string[] = [];
    for (const [i, thread] of session.threads.entries()) {
      const file = join(dir, `${name}-${i === 0 ? 'main' : `worker${i}`}.heapsnapshot`);
      await writeHeapSnapshot(session, thread, file);
      files.push(file);
    }
    return files;
  } finally {
    session.close();
  }
}

async function threadMemory(session: InspectorSession, thread: InspectedThread): Promise<ThreadMemory> {
  const answer = (await session.call(
    'Runtime.evaluate',
    { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true },
    thread,
  )) as { result?: { value?: unknown } };
  const usage = JSON.parse(String(answer.result?.value)) as NodeJS.MemoryUsage;
  return {
    thread: thread === undefined ? 'main' : 'worker',
    heapTotalBytes: usage.heapTotal,
    heapUsedBytes: usage.heapUsed,
    externalBytes: usage.external,
    arrayBuffersBytes: usage.arrayBuffers,
  };
}

async function writeHeapSnapshot(session: InspectorSession, thread: InspectedThread, file: string): Promise<void> {
  const out = createWriteStream(file);
  session.onChunk((from, chunk) => {
    if (from === thread) out.write(chunk);
  });
  try {
    await session.call('HeapProfiler.takeHeapSnapshot', { reportProgress: false }, thread);
  } finally {
    session.onChunk(undefined);
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}

/**
 * The anonymous resident memory no V8 heap accounts for: the anonymous RSS minus every thread's V8 heap (committed)
 * and external memory. In the worker: malloc'd memory of the SDK's Rust core and Node's C++, and the pages glibc
 * keeps after they are freed.
 */
export function nativeRestBytes(anonymousRssBytes: number, memory: ThreadMemory[]): number {
  return memory.reduce((rest, t) => rest - t.heapTotalBytes - t.externalBytes, anonymousRssBytes);
}
