/**
 * Test-only: workflows/reissue-patch.ts as the code from before the patch behaves: no reissue is ever carried out
 * (the update is refused). A history with a reissue must not replay on it.
 */
export function reissuePatched(): boolean {
  return false;
}
