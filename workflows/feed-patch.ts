import { patched } from '@temporalio/workflow';
import { CALLBACK_FEED_PATCH } from '../contracts/callback-feed';

/**
 * Runs from before this patch kept no event feed (no memo write per callback event) and answered no redelivery. Its
 * own module so that the replay guard can build a workflow without it (test/replay/mutated-workflows).
 */
export function callbackFeedPatched(): boolean {
  return patched(CALLBACK_FEED_PATCH);
}
