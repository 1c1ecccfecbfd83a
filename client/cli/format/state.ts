import type { CancellationInfo, ReminderState, ResendState, SignRequestState } from '../../../contracts';
import { formatCallback } from './callback';
import { labelled } from './labels';
import { retryingText, stateFailureText } from './problem';
import { actingSigners, finalCopyReaders, formatSigner } from './signers';

/** `box-sign status`: everything `--json` has, one labelled line each, then the signers. */
export function formatState(state: SignRequestState): string {
  const finished = state.phase === 'completed' || state.phase === 'failed';
  const rows: [string, string][] = [
    ['business key', state.businessKey],
    ['phase', state.phase],
    ['box status', state.boxStatus ?? '-'],
    ['sign request', state.signRequestId ?? '-'],
    // Older runs' states lack it: they were all sent as the default identity.
    ['sender', state.sender ? `Box user ${state.sender}` : 'the deployment default'],
  ];
  const previous = state.previousSignRequestIds ?? [];
  if (previous.length > 0)
    rows.push(['reissued', `round ${state.round ?? 1}; earlier requests ${previous.join(', ')}`]);
  const failure = stateFailureText(state);
  if (failure) rows.push(['failure', failure]);
  if (state.retrying) rows.push(['problem', retryingText(state.retrying)]);
  if (state.result) rows.push(['outcome', outcomeText(state)]);
  if (state.cancellation) rows.push(['cancellation', cancellationText(state.cancellation)]);
  rows.push(['checks', checksText(state, finished)]);
  rows.push(['resends', resendsText(state.resends, finished)]);
  rows.push(['reminders', remindersText(state.reminders, finished)]);
  rows.push(['deadline', state.deadlineAt ?? 'none']);
  if (state.prepareUrl) rows.push(['prepare url', state.prepareUrl]);
  if (state.callback) rows.push(['callback', formatCallback(state.callback)]);
  const readers = finalCopyReaders(state.signers);
  if (readers.length > 0) rows.push(['final copy to', readers.join(', ')]);
  const signers = actingSigners(state.signers);
  rows.push([
    'signers',
    signers.length > 0 ? '' : state.signRequestId ? 'none' : 'not known until Box accepts the request',
  ]);
  return [...labelled(rows), ...signers.map((s) => `  ${formatSigner(s, finished)}`)].join('\n').replace(/ +$/gm, '');
}

function outcomeText(state: SignRequestState): string {
  const outcome = state.result?.outcome ?? '';
  return state.callback?.state === 'delivering'
    ? `${outcome} (the workflow is still delivering its callback)`
    : outcome;
}

/** "5 so far, 2 status change(s), last change seen …, next check …" (no next check once finished). */
function checksText(state: SignRequestState, finished: boolean): string {
  const parts = [`${state.polls} so far`, `${state.statusChanges} status change(s)`];
  if (state.boxEvents > 0) parts.push(`${state.boxEvents} Box event(s)`);
  parts.push(`last change seen ${state.lastCheckedAt ?? '-'}`);
  if (!finished && state.nextCheckAt) parts.push(`next check ${state.nextCheckAt}`);
  return parts.join(', ');
}

function resendsText(resends: ResendState, finished: boolean): string {
  const parts = [resends.done === 0 ? 'none' : `${resends.done}, last at ${resends.lastAt ?? '-'}`];
  if (!finished && resends.nextAllowedAt) parts.push(`next possible at ${resends.nextAllowedAt}`);
  return parts.join(', ');
}

function remindersText(reminders: ReminderState, finished: boolean): string {
  const parts = [`${reminders.sent} sent`];
  if (!finished && reminders.nextAt) parts.push(`next at ${reminders.nextAt}`);
  return parts.join(', ');
}

/** "by operator at …: deal fell through". */
export function cancellationText(cancellation: CancellationInfo): string {
  return `by ${cancellation.by} at ${cancellation.at}${cancellation.reason ? `: ${cancellation.reason}` : ''}`;
}
