import type { EmulatorControl } from 'box-sign-emulator';

/** Waits until Box has the request for this workflow (and it left `converting`), returning its id. */
export async function boxRequestFor(control: EmulatorControl, workflowId: string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [request] = await control.findByExternalId(workflowId);
    if (request && request.sign_request.status !== 'converting') return request.sign_request.id;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no converted Box request for ${workflowId}`);
}

/** Polls `read` until `predicate` holds (for eventually-visible state), failing with the last value seen. */
export async function eventually<T>(
  read: () => Promise<T>,
  predicate: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (predicate(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
}
