import type { Client } from '@temporalio/client';
import type { RetryingActivity } from '../../contracts';
import { getSignRequestStatus } from '../sign-requests';

/** "still creating: Box failing (attempt 5, BoxUnavailable: …); waiting…" */
export function creatingNotice(retrying: RetryingActivity): string {
  const error = [retrying.lastErrorType, retrying.lastErrorMessage].filter(Boolean).join(': ');
  return `still creating: Box failing (attempt ${retrying.attempts}${error ? `, ${error}` : ''}); waiting…`;
}

/**
 * While `result` waits: looks at the state every `everyMs` and says once, on stderr, that the create is being
 * retried, so a wait on a failing Box is not silent. Stops when told to.
 */
export function noticeRetryingCreate(
  client: Client,
  workflowId: string,
  note: (line: string) => void,
  everyMs = 2_000,
): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const look = async () => {
    const state = await getSignRequestStatus(client, workflowId).catch(() => null);
    if (stopped) return;
    if (state?.retrying?.activity === 'createSignRequest') {
      note(creatingNotice(state.retrying));
      return;
    }
    timer = setTimeout(() => void look(), everyMs);
  };
  void look();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
