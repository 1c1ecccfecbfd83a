import { DeterminismViolationError } from '@temporalio/workflow';
import { join } from 'node:path';
import { WORKFLOWS_PATH } from '../../worker/create-worker';
import { bundleFor, formatReplayReport, replayAll } from './replay-histories';

/** Proof that the replay suite can fail: a changed command sequence breaks old histories, and patched() mends it. */
describe('the replay guard', () => {
  it('a workflow with an inserted timer fails on the committed histories, naming each file', async () => {
    const outcomes = await replayAll(await bundleFor(require.resolve('./mutated-workflows/extra-timer')), [
      'phone-verified-signed.json',
      'cancel-by-update.json',
    ]);
    expect(outcomes.map((o) => o.error)).toEqual([
      expect.any(DeterminismViolationError),
      expect.any(DeterminismViolationError),
    ]);
    const report = formatReplayReport(outcomes);
    expect(report).toContain('FAIL phone-verified-signed.json: DeterminismViolationError');
    expect(report).toContain('FAIL cancel-by-update.json: DeterminismViolationError');
  }, 120_000);

  it('the same change behind patched() replays cleanly', async () => {
    const outcomes = await replayAll(await bundleFor(require.resolve('./mutated-workflows/extra-timer-patched')), [
      'phone-verified-signed.json',
      'cancel-by-update.json',
    ]);
    expect(formatReplayReport(outcomes)).toBe('ok   phone-verified-signed.json\nok   cancel-by-update.json');
  }, 120_000);

  it('the signer journey without its patched() guard fails on a history from before it; with it, both replay', async () => {
    const journeyPatch = join(__dirname, '..', '..', 'workflows', 'journey-patch');
    const unguarded = await bundleFor(WORKFLOWS_PATH, [], {
      [journeyPatch]: require.resolve('./mutated-workflows/journey-patch-always'),
    });
    const [before] = await replayAll(unguarded, ['journey-bounce-before-journey.json']);
    expect(before?.error).toEqual(expect.any(DeterminismViolationError));

    const guarded = await replayAll(await bundleFor(), ['journey-bounce-before-journey.json', 'journey-bounce.json']);
    expect(formatReplayReport(guarded)).toBe('ok   journey-bounce-before-journey.json\nok   journey-bounce.json');
  }, 120_000);

  it('the event feed without its patched() guard fails on a history from before it; with it, both replay', async () => {
    const feedPatch = join(__dirname, '..', '..', 'workflows', 'feed-patch');
    const unguarded = await bundleFor(WORKFLOWS_PATH, [], {
      [feedPatch]: require.resolve('./mutated-workflows/feed-patch-always'),
    });
    const [before] = await replayAll(unguarded, ['callback-signer-events-signed.json']);
    expect(before?.error).toEqual(expect.any(DeterminismViolationError));

    const guarded = await replayAll(await bundleFor(), [
      'callback-signer-events-signed.json',
      'callback-feed-redelivered.json',
    ]);
    expect(formatReplayReport(guarded)).toBe(
      'ok   callback-signer-events-signed.json\nok   callback-feed-redelivered.json',
    );
  }, 120_000);

  it('a reissue without its patch fails on the reissued history; with it, that history and older ones replay', async () => {
    const reissuePatch = join(__dirname, '..', '..', 'workflows', 'reissue-patch');
    const unpatched = await bundleFor(WORKFLOWS_PATH, [], {
      [reissuePatch]: require.resolve('./mutated-workflows/reissue-patch-absent'),
    });
    const [reissued] = await replayAll(unpatched, ['reissued.json']);
    expect(reissued?.error).toEqual(expect.any(DeterminismViolationError));

    const guarded = await replayAll(await bundleFor(), ['journey-bounce.json', 'reissued.json']);
    expect(formatReplayReport(guarded)).toBe('ok   journey-bounce.json\nok   reissued.json');
  }, 120_000);
});
