import { readState, running } from './state';

/** Which recorded parts run. */
export function stackStatus(log: (line: string) => void = console.log): void {
  const state = readState();
  for (const component of ['temporal', 'emulator', 'codec', 'receiver', 'worker', 'api'] as const) {
    const pid = state[component]?.pid;
    log(`${component.padEnd(9)} ${running(state, component) ? `running (pid ${pid})` : 'stopped'}`);
  }
}
