import { existsSync } from 'node:fs';
import { stopProcess } from '../processes';
import { STACK_DIR } from './info';
import { readState, running, writeState } from './state';

/** Stops exactly the processes `up` recorded (a recorded pid now running something else is left alone). */
export async function stackDown(log: (line: string) => void = console.log): Promise<void> {
  const state = readState();
  for (const component of ['api', 'worker', 'receiver', 'codec', 'emulator', 'temporal'] as const) {
    const pid = state[component]?.pid;
    if (pid !== undefined && running(state, component)) {
      await stopProcess(pid);
      log(`stopped ${component} (pid ${pid})`);
    }
    delete state[component];
  }
  if (existsSync(STACK_DIR)) writeState(state);
}
