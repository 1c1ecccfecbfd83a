/**
 * A full garbage collection in another Node process, through its inspector (the process runs with
 * `--inspect=127.0.0.1:<port>`): `HeapProfiler.collectGarbage` on the main thread and, through the NodeWorker domain,
 * on each worker thread (the SDK runs the workflows in one). The bench reads the worker's RSS after it, so that the
 * figure is what the worker holds, not the garbage V8 has not collected yet. Nothing of the product is involved.
 */

interface InspectorMessage {
  id?: number;
  method?: string;
  params?: { sessionId?: string; message?: string };
  error?: { message: string };
}

/** The first debugger's WebSocket address from the inspector's `/json/list`. */
export function debuggerUrlFrom(list: unknown): string {
  const first = Array.isArray(list) ? (list[0] as { webSocketDebuggerUrl?: unknown } | undefined) : undefined;
  if (typeof first?.webSocketDebuggerUrl !== 'string') throw new Error('the inspector lists no debugger');
  return first.webSocketDebuggerUrl;
}

/** Collects garbage on every thread of the process whose inspector listens on `port`; returns how many threads. */
export async function collectGarbage(port: number, timeoutMs = 30_000): Promise<number> {
  const list: unknown = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const socket = new WebSocket(debuggerUrlFrom(list));
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('inspector connection failed')), { once: true });
  });
  let nextId = 1;
  const waiting = new Map<number, (message: InspectorMessage) => void>();
  const workerSessions: string[] = [];
  socket.addEventListener('message', (event: MessageEvent) => {
    const message = JSON.parse(String(event.data)) as InspectorMessage;
    if (message.method === 'NodeWorker.attachedToWorker' && message.params?.sessionId) {
      workerSessions.push(message.params.sessionId);
    }
    const inner =
      message.method === 'NodeWorker.receivedMessageFromWorker' && message.params?.message
        ? (JSON.parse(message.params.message) as InspectorMessage)
        : message;
    if (inner.id !== undefined) waiting.get(inner.id)?.(inner);
  });
  const call = (method: string, params: object = {}, sessionId?: string) =>
    new Promise<InspectorMessage>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => reject(new Error(`inspector: ${method} timed out`)), timeoutMs);
      waiting.set(id, (answer) => {
        clearTimeout(timer);
        waiting.delete(id);
        if (answer.error) reject(new Error(`inspector: ${method}: ${answer.error.message}`));
        else resolve(answer);
      });
      const text = JSON.stringify({ id, method, params });
      socket.send(
        sessionId === undefined
          ? text
          : JSON.stringify({
              id: nextId++,
              method: 'NodeWorker.sendMessageToWorker',
              params: { sessionId, message: text },
            }),
      );
    });
  try {
    await call('NodeWorker.enable', { waitForDebuggerOnStart: false });
    // The attach events follow the enable's answer; give them a moment.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await call('HeapProfiler.collectGarbage');
    for (const sessionId of workerSessions) await call('HeapProfiler.collectGarbage', {}, sessionId);
    await call('NodeWorker.disable').catch(() => undefined);
    return 1 + workerSessions.length;
  } finally {
    socket.close();
  }
}
