import type { BoxSignApi, CallAs } from '../box/sign-client';
import type { BoxSignRequest } from '../box/models';

/** Box's largest page (box-sign-api.md §2.2): the fewest GETs against the sender's 1000-per-minute budget. */
export const LOOKUP_PAGE_SIZE = 1000;

/**
 * How far Box's clock (created_at) may run behind Temporal's (the create's start) without the scan stopping before
 * our request: entries are compared with the start minus this margin.
 */
export const CLOCK_SKEW_MARGIN_MS = 5 * 60_000;

/**
 * Looks for the request with our external_id in Box's list, which has no filter and is newest first. `notBeforeMs`
 * is when the create's first attempt began (epoch ms): nothing of ours can be older, so the scan ends with the first
 * page holding an entry created before it (less CLOCK_SKEW_MARGIN_MS), however many pages that takes. The whole
 * page is checked before stopping (the first alone holds the 1000 newest: all that the old cap of 10 pages of 100
 * saw), entries without a created_at never stop it, and `null` (the start is unknown) scans the whole list.
 */
export async function findByExternalId(
  box: BoxSignApi,
  externalId: string,
  notBeforeMs: number | null,
  /** The request's sender: Box lists only the acting user's requests. */
  as: CallAs = {},
): Promise<BoxSignRequest | undefined> {
  const stopBeforeMs = notBeforeMs === null ? null : notBeforeMs - CLOCK_SKEW_MARGIN_MS;
  let marker: string | undefined;
  for (;;) {
    const page = await box.listSignRequests({ marker, limit: LOOKUP_PAGE_SIZE }, as);
    const match = page.entries.find((entry) => entry.external_id === externalId);
    if (match !== undefined) return match;
    if (!page.next_marker) return undefined;
    if (stopBeforeMs !== null && page.entries.some((entry) => createdBefore(entry, stopBeforeMs))) return undefined;
    marker = page.next_marker;
  }
}

/** A missing or unreadable created_at (NaN) is before nothing: it never stops the scan. */
function createdBefore(entry: BoxSignRequest, ms: number): boolean {
  const createdAt = entry.created_at === undefined ? NaN : Date.parse(entry.created_at);
  return createdAt < ms;
}
