import type { CallbackState } from '../contracts/callback-delivery';
import type { PollingPolicy } from '../contracts/sign-request-input';
import type { SignRequestState } from '../contracts/sign-request-state';
import { markdownLiteral as literal } from '../contracts/markdown-literal';

/**
 * The short markdown status the Web UI shows on the workflow page. No PII: signers are shown by position,
 * order and progress, never by email or phone number. Text from outside (reasons, Box's messages, file names, the
 * callback's host) goes in as `literal`, so it cannot render links or images.
 */
export function currentDetails(state: SignRequestState, polling: PollingPolicy): string {
  const lines = [
    `**Box status:** ${state.boxStatus ?? state.phase}${state.signRequestId ? ` · request \`${state.signRequestId}\`` : ''}`,
    '',
    ...state.signers
      .filter((s) => s.role !== 'final_copy_reader')
      .map(
        (s, i) =>
          `- signer ${i + 1} (order ${s.order}): **${s.progress}**${s.decidedAt ? ` at ${s.decidedAt}` : ''}` +
          checksOf(s),
      ),
    '',
    ...progressLines(state, polling),
  ];
  // The workflow's own words (positions only, no address): what stands in the request's way now.
  if (state.problem && !finished(state)) lines.push(`- **Problem:** ${state.problem.message}`);
  if (state.resends.done > 0 || state.reminders.sent > 0) {
    lines.push(
      `- Resends: ${state.resends.done} (reminders ${state.reminders.sent}); next allowed ${state.resends.nextAllowedAt}`,
    );
  }
  if (state.reminders.nextAt && !finished(state)) lines.push(`- Next reminder: ${state.reminders.nextAt}`);
  if (state.deadlineAt) lines.push(`- Deadline: ${state.deadlineAt}`);
  if (state.cancellation)
    lines.push(
      `- Cancelled by ${literal(state.cancellation.by)}: ${
        state.cancellation.reason === null ? 'no reason given' : literal(state.cancellation.reason)
      }`,
    );
  if (state.failure) {
    lines.push(`- **Failed:** ${state.failureType ? `${state.failureType}: ` : ''}${literal(state.failure)}`);
  }
  if (state.callback) lines.push(callbackLine(state.callback, state.outcome ?? (state.failure ? 'failed' : null)));
  lines.push(...evidenceLines(state));
  return lines.join('\n');
}

/** ` · verified by login + password`: the checks' names only, no phone even masked (the Web UI shows no PII). */
function checksOf(signer: SignRequestState['signers'][number]): string {
  const checks = signer.verification ?? [];
  return checks.length === 0 ? '' : ` · verified by ${checks.map((c) => c.type).join(' + ')}`;
}

function finished(state: SignRequestState): boolean {
  return state.phase === 'completed' || state.phase === 'failed';
}

/**
 * What the workflow is doing about Box now. The checks of the current wait are the pending poll's attempts (Temporal
 * retries, not workflow events): the workflow counts only the waits that ended, and says so rather than show a count
 * that lags behind the pending activity.
 */
function progressLines(state: SignRequestState, polling: PollingPolicy): string[] {
  if (state.phase === 'creating' || (state.phase === 'cancelling' && state.signRequestId === null)) {
    return createLines(state);
  }
  const seen = `- Last change seen: ${state.lastCheckedAt ?? '–'} (${state.statusChanges} change(s))`;
  if (finished(state)) return [`**Outcome:** ${state.outcome ?? state.phase}`, seen];
  if (state.phase !== 'waiting') return [`**Now:** ${state.phase}`, seen];
  return [
    '**Now:** waiting for Box to change',
    seen,
    `- Checks: ${state.polls} in earlier waits; this wait's checks are the attempts of the pending ` +
      `"Wait for the sign request to change" activity, each within ${formatMs(polling.maximumIntervalMs)}`,
  ];
}

function createLines(state: SignRequestState): string[] {
  const now = state.phase === 'cancelling' ? 'giving up the create' : 'creating the Box request';
  const retrying = state.retrying;
  if (!retrying) return [`**Now:** ${now}`];
  return [
    `**Now:** ${now} · Box keeps failing it`,
    `- Attempts: ${retrying.attempts} so far (the pending create activity shows the attempts since)`,
    `- Last error: ${retrying.lastErrorType ?? 'unknown'}: ${literal(retrying.lastErrorMessage ?? '')}`,
    `- Next attempt: ${retrying.nextAttemptAt ?? '–'}`,
  ];
}

/**
 * "Outcome: signed · callback to host: delivering sign_request.signed …". Attempts of a delivery still retrying
 * are Temporal's (the pending activity shows them; `box-sign status` adds them): the workflow learns them at the end.
 */
function callbackLine(callback: CallbackState, outcome: string | null): string {
  const parts = [`callback to ${literal(callback.host)}: ${callback.state}`];
  if (callback.state === 'delivering' && callback.event) {
    parts.push(`${callback.event} (attempts and last error: the pending deliverCallback activity)`);
  } else if (callback.attempts > 0) {
    parts.push(`${callback.event ?? ''} after ${callback.attempts} attempt(s)`.trim());
  }
  if (callback.deliveredAt && callback.state !== 'delivering') parts.push(`at ${callback.deliveredAt}`);
  if (callback.lastError) parts.push(`last error: ${literal(callback.lastError)}`);
  return `**Outcome:** ${outcome ?? 'not yet'} · ${parts.join(', ')}`;
}

function formatMs(ms: number): string {
  if (ms >= 3_600_000) return `${Math.round(ms / 3_600_000)} h`;
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 1000)} s`;
}

/** The evidence: each document's name, kind and the first 12 hex of its SHA-256; or what is missing and why. */
function evidenceLines(state: SignRequestState): string[] {
  const evidence = state.evidence;
  if (!evidence) return [];
  const documents = state.result?.documents ?? [];
  const head =
    evidence.state === 'collected'
      ? `**Evidence:** collected · ${documents.length} document(s)`
      : `**Evidence:** ${evidence.state}${evidence.missing.length > 0 ? ` · missing ${evidence.missing.join(', ')}` : ''}` +
        (evidence.reason ? ` · ${literal(evidence.reason)}` : '');
  return [
    '',
    head,
    ...documents.map((d) => `- ${d.kind} ${literal(d.name)} · sha256 \`${d.sha256.slice(0, 12)}\` · ${d.size} bytes`),
  ];
}
