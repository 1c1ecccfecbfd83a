import { patched } from '@temporalio/workflow';

/**
 * Runs from before this patch told no journey (signer.invited / signer.viewed / signer.email_bounced) and did not
 * pass a bounce on as the request's current problem. Its own module so that the replay guard can build a workflow
 * without it (test/replay/mutated-workflows).
 */
export const SIGNER_JOURNEY_PATCH = 'signer-journey';

export function signerJourneyPatched(): boolean {
  return patched(SIGNER_JOURNEY_PATCH);
}
