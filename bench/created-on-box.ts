import type { EmulatorCall, EmulatorControl } from 'box-sign-emulator';
import { sleep } from '../scripts/processes';
import { createdAtByExternalId } from './sender-figures';

/**
 * Waits until Box (the emulator's call log) has created a request for every one of `workflowIds`, or the deadline;
 * returns the call log as last read. `progress` hears the count now and then.
 */
export async function untilCreatedOnBox(
  control: EmulatorControl,
  workflowIds: string[],
  deadline: number,
  progress: (created: number) => void,
  everyMs = 2_000,
): Promise<EmulatorCall[]> {
  let told = Date.now();
  for (;;) {
    const calls = await control.calls();
    const created = createdAtByExternalId(calls);
    const count = workflowIds.filter((id) => created.has(id)).length;
    if (count === workflowIds.length || Date.now() >= deadline) return calls;
    if (Date.now() - told >= 30_000) {
      progress(count);
      told = Date.now();
    }
    await sleep(everyMs);
  }
}
