import { patched } from '@temporalio/workflow';
import { REISSUE_PATCH } from '../contracts/reissue';

/**
 * Runs from before this patch answered no reissue (the update did not exist). The marker is recorded when a run
 * carries out its first reissue. Its own module so that the replay guard can build a workflow without it
 * (test/replay/mutated-workflows).
 */
export function reissuePatched(): boolean {
  return patched(REISSUE_PATCH);
}
