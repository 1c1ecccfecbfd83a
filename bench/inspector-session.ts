/**
 * A session with another Node process's inspector (the process runs with `--inspect=127.0.0.1:<port>`): methods on
 * its main thread and, through the NodeWorker domain, on each worker thread (the SDK runs the workflows in one).
 * The bench uses it to force a GC, read each thread's memory and write heap snapshots (inspector-gc.ts); nothing of
 * the product is involved.
 */

interface InspectorMessage {
  id?: number;
  method?: string;
  params?: { sessionId?: string; message?: string; chunk?: string };
  result?: unknown;
  error?: { message: string };
}

/** The first debugger's WebSocket address from the inspector's `/json/list`. */
export function debuggerUrlFrom(list: unknown): string {
  const first = Array.isArray(list) ? (list[0] as { webSocketDebuggerUrl?: unknown } | undefined) : undefined;
  if (typeof first?.webSocketDebuggerUrl !== 'string') throw new Error('the inspector lists no debugger');
  return first.webSocketDebuggerUrl;
}

/** A thread of the inspected process: the main thread (`undefined`) or a worker thread's session. */
export type InspectedThread = string | undefined;

export interface InspectorSession {
  /** The main thread first, then every worker thread attached when the session opened. */
  threads: InspectedThread[];
  call(method: string, params?: object, thread?: InspectedThread): Promise<unknown>;
  /** Receives the heap snapshot chunks a thread sends while `HeapProfiler.takeHeapSnapshot` runs on it. */
  onChunk(listener: ((thread: InspectedThread, chunk: string) => void) | undefined): void;
  close(): void;
}

export async function openInspectorSession(port: number, timeoutMs = 30_000): Promise<InspectorSession> {
  const list: unknown = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const socket = new WebSocket(debuggerUrlFrom(list));
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('inspector connection failed')), { once: true });
  });
  let nextId = 1;
  const waiting = new Map<number, (message: InspectorMessage) => void>();
  const workerSessions: string[] = [];
  let chunkListener: ((thread: InspectedThread, chunk: string) => void) | undefined;
  socket.addEventListener('message', (event: MessageEvent) => {
    const message = JSON.parse(String(event.data)) as InspectorMessage;
    if (message.method === 'NodeWorker.attachedToWorker' && message.params?.sessionId) {
      workerSessions.push(message.params.sessionId);
    }
    const fromWorker = message.method === 'NodeWorker.receivedMessageFromWorker' && message.params?.message;
    const inner = fromWorker ? (JSON.parse(message.params?.message ?? '{}') as InspectorMessage) : message;
    if (inner.method === 'HeapProfiler.addHeapSnapshotChunk' && inner.params?.chunk !== undefined) {
      chunkListener?.(fromWorker ? message.params?.sessionId : undefined, inner.params.chunk);
    }
    if (inner.id !== undefined) waiting.get(inner.id)?.(inner);
  });
  const call = (method: string, params: object = {}, thread?: InspectedThread) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => reject(new Error(`inspector: ${method} timed out`)), timeoutMs);
      waiting.set(id, (answer) => {
        clearTimeout(timer);
        waiting.delete(id);
        if (answer.error) reject(new Error(`inspector: ${method}: ${answer.error.message}`));
        else resolve(answer.result);
      });
      const text = JSON.stringify({ id, method, params });
      socket.send(
        thread === undefined
          ? text
          : JSON.stringify({
              id: nextId++,
              method: 'NodeWorker.sendMessageToWorker',
              params: { sessionId: thread, message: text },
            }),
      );
    });
  try {
    await call('NodeWorker.enable', { waitForDebuggerOnStart: false });
    // The attach events follow the enable's answer; give them a moment.
    await new Promise((resolve) => setTimeout(resolve, 500));
  } catch (err) {
    socket.close();
    throw err;
  }
  return {
    threads: [undefined, ...workerSessions],
    call,
    onChunk: (listener) => {
      chunkListener = listener;
    },
    // Closing the socket ends the session, which detaches the worker threads' sessions too.
    close: () => socket.close(),
  };
}
