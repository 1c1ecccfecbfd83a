import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFor, replayAll } from './replay-histories';

/**
 * Histories retired with a patch (docs/changing-the-workflow.md, the patch register): runs from before it took the
 * branch the deprecation removed, and runs that recorded its marker before it was deprecated fail once the
 * deprecatePatch call goes; which is why each step waits until no such run is open. Kept to show that a retirement
 * breaks exactly these, with a nondeterminism error.
 */
const RETIRED_DIR = join(__dirname, 'retired-histories');

/**
 * Each retired history and the step that retired it: the deprecation (runs from before the patch) or the removal of
 * the deprecatePatch call (runs that recorded the patch's marker before it was deprecated).
 */
const RETIRED = {
  'webhook-signal-repeated-before-dedupe.json': 'ignore-repeated-box-events: deprecatePatch',
  'webhook-signal-repeated.json': 'ignore-repeated-box-events: removal',
};

describe('histories retired with their patch', () => {
  it('are the ones the register lists', () => {
    expect(readdirSync(RETIRED_DIR).sort()).toEqual(Object.keys(RETIRED).sort());
  });

  it('no longer replay, with a nondeterminism error', async () => {
    const outcomes = await replayAll(
      await bundleFor(),
      Object.keys(RETIRED).map((file) => join(RETIRED_DIR, file)),
    );
    expect(outcomes.map((o) => [o.file, o.error?.name])).toEqual(
      Object.keys(RETIRED).map((file) => [file, 'DeterminismViolationError']),
    );
  }, 120_000);
});
