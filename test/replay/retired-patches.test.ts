import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFor, replayAll } from './replay-histories';

/**
 * Histories of runs from before a patch that has been deprecated (docs/changing-the-workflow.md, the patch register):
 * they took the branch the deprecation removed, so they no longer replay, which is why the deprecation waits until
 * no such run is open. Kept to show that a retirement breaks exactly these, with a nondeterminism error.
 */
const RETIRED_DIR = join(__dirname, 'retired-histories');

/** Each retired history and the patch whose deprecation retired it. */
const RETIRED = { 'webhook-signal-repeated-before-dedupe.json': 'ignore-repeated-box-events' };

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
