import type { Harness } from '../support/harness';

/** Skips Temporal's time and the emulator's clock together, a day at a time, so that Box's rules hold on both. */
export async function liveThroughDays(h: Harness, days: number): Promise<void> {
  for (let day = 0; day < days; day++) {
    await h.testEnv.sleep('1 day');
    await h.control.advanceClock({ days: 1 });
  }
}
