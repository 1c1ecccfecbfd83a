/**
 * Whether a create POST that failed may still have made the request on Box: no answer at all (timeout, reset: no
 * status) or a 5xx (Box failed somewhere, perhaps after the write). A 429, a 408 and the other 4xx are Box's answer
 * that it did not act on the request. The activity decides from the error, the workflow from the failure's details.
 */
export function createMayHaveLanded(status: number | null | undefined): boolean {
  return typeof status !== 'number' || status >= 500;
}
