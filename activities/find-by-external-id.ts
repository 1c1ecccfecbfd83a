import type { BoxSignApi } from '../box/sign-client';
import type { BoxSignRequest } from '../box/models';

/** Box's list has no filter and is newest first: a request created moments ago is on the first pages. */
export const LOOKUP_PAGE_SIZE = 100;
export const LOOKUP_MAX_PAGES = 10;

export async function findByExternalId(box: BoxSignApi, externalId: string): Promise<BoxSignRequest | undefined> {
  let marker: string | undefined;
  for (let page = 0; page < LOOKUP_MAX_PAGES; page++) {
    const result = await box.listSignRequests({ marker, limit: LOOKUP_PAGE_SIZE });
    const match = result.entries.find((entry) => entry.external_id === externalId);
    if (match !== undefined) return match;
    if (!result.next_marker) return undefined;
    marker = result.next_marker;
  }
  return undefined;
}
