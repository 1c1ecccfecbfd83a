/**
 * Test-only: workflows/feed-patch.ts with its guard taken out, as if the event feed had shipped without patched():
 * every run keeps a feed, histories from before it included.
 */
export function callbackFeedPatched(): boolean {
  return true;
}
