import type { Info } from '@temporalio/activity';
import { heartbeat } from '@temporalio/activity';
import { BoxApiError } from '../box/errors';
import { createMayHaveLanded } from '../contracts/create-doubt';

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

/**
 * Whether an earlier attempt's create may have made a request on Box that we did not hear of, so that this attempt
 * must look for it before creating: the last POST ended ambiguously (see isAmbiguousCreateFailure), as the previous
 * attempt recorded in its heartbeat. With nothing recorded (a new round, or attempts from before the record), any
 * attempt after the first looks, as before: a needless scan costs a few GETs, a missed one a duplicate request.
 */
export function createMayExist(remembered: { createInDoubt?: boolean } | undefined, attempt: number): boolean {
  if (remembered?.createInDoubt !== undefined) return remembered.createInDoubt;
  return attempt > 1;
}

/**
 * Box may have created the request although we got no answer: no response at all (timeout, connection reset) or a
 * 5xx (Box failed somewhere, perhaps after the write). A 429, a 408 and the other 4xx are Box's answer that it did
 * not act on the request.
 */
export function isAmbiguousCreateFailure(err: unknown): boolean {
  if (!(err instanceof BoxApiError)) return true;
  return createMayHaveLanded(err.status);
}

/**
 * The create POST, its failure recorded in the attempt's heartbeat (kept by Temporal for the next attempt, and flushed
 * when the attempt fails) as whether the next attempt must look for a request it may have made.
 */
export async function recordingDoubt<T>(post: () => Promise<T>): Promise<T> {
  try {
    return await post();
  } catch (err) {
    heartbeat({ createInDoubt: isAmbiguousCreateFailure(err) });
    throw err;
  }
}
