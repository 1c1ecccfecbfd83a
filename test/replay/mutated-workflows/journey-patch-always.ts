/**
 * Test-only: workflows/journey-patch.ts with its guard taken out, as if the signer journey had shipped without
 * patched(): every run tells the journey, histories from before it included.
 */
export const SIGNER_JOURNEY_PATCH = 'signer-journey';

export function signerJourneyPatched(): boolean {
  return true;
}
