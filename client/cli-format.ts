import type { CallbackState, SignRequestResult, SignRequestState, SignerState } from '../contracts';

export function formatState(state: SignRequestState): string {
  const lines = [
    `business key:   ${state.businessKey}`,
    `phase:          ${state.phase}`,
    `box status:     ${state.boxStatus ?? '-'}`,
    `sign request:   ${state.signRequestId ?? '-'}`,
    `status changes: ${state.statusChanges}   polls: ${state.polls}   last checked: ${state.lastCheckedAt ?? '-'}`,
  ];
  if (state.prepareUrl) lines.push(`prepare url:    ${state.prepareUrl}`);
  if (state.failure) lines.push(`failure:        ${state.failure}`);
  if (state.result) lines.push(`outcome:        ${state.result.outcome} (known; the workflow may still be delivering)`);
  if (state.callback) lines.push(`callback:       ${formatCallback(state.callback)}`);
  for (const signer of state.signers) lines.push(`  ${formatSigner(signer)}`);
  return lines.join('\n');
}

export function formatResult(result: SignRequestResult): string {
  const lines = [`outcome: ${result.outcome} (sign request ${result.signRequestId})`];
  for (const signer of result.signers) {
    lines.push(
      `  ${signer.email}: ${signer.decision ?? 'no decision'}${signer.decidedAt ? ` at ${signer.decidedAt}` : ''}`,
    );
  }
  if (result.signedFileIds.length > 0) lines.push(`signed files: ${result.signedFileIds.join(', ')}`);
  if (result.signingLogFileId) lines.push(`signing log: ${result.signingLogFileId}`);
  const callback = result.callback;
  if (callback) {
    const how = callback.delivered ? `delivered at ${callback.deliveredAt}` : `not delivered: ${callback.lastError}`;
    lines.push(`callback: ${how} (${callback.attempts} attempt(s))`);
  }
  return lines.join('\n');
}

/** "delivering sign_request.signed to erp.example.com, 4 attempt(s), last error: …, next at …". */
export function formatCallback(callback: CallbackState): string {
  const parts = [`${callback.state}${callback.event ? ` ${callback.event}` : ''} to ${callback.host}`];
  if (callback.attempts > 0) parts.push(`${callback.attempts} attempt(s)`);
  if (callback.deliveredAt) parts.push(`last delivered at ${callback.deliveredAt}`);
  if (callback.lastError) parts.push(`last error: ${callback.lastError}`);
  if (callback.nextAttemptAt) parts.push(`next attempt at ${callback.nextAttemptAt}`);
  return parts.join(', ');
}

export function formatSigner(signer: SignerState): string {
  const at = signer.decidedAt ?? signer.viewedAt;
  return `${signer.email} (${signer.role}, order ${signer.order}): ${signer.progress}${at ? ` at ${at}` : ''}`;
}
