import type { Info } from '@temporalio/activity';

/**
 * When the create's first attempt began, for the adoption scan (find-by-external-id.ts), or null when nothing
 * says, which scans Box's whole list: a wrong guess would stop the scan before our request and create a duplicate.
 *
 * - `given`: set by the workflow (its own time when the create began, before the first round was scheduled).
 * - Absent (activities scheduled before the field existed): a first round (`attemptsBefore` 0) or a create from
 *   before rounds (absent) is this very activity, whose first attempt was scheduled at `scheduledTimestampMs`
 *   (the same on every retry). A later round's earlier rounds began at a time nothing here records: null.
 */
export function adoptionScanStart(
  given: number | undefined,
  attemptsBefore: number | undefined,
  info: Pick<Info, 'scheduledTimestampMs'>,
): number | null {
  if (given !== undefined) return given;
  return (attemptsBefore ?? 0) === 0 ? info.scheduledTimestampMs : null;
}
