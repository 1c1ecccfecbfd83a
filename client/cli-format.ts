import type { SignRequestResult, SignRequestState, SignerState } from '../contracts';

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
  return lines.join('\n');
}

export function formatSigner(signer: SignerState): string {
  const at = signer.decidedAt ?? signer.viewedAt;
  return `${signer.email} (${signer.role}, order ${signer.order}): ${signer.progress}${at ? ` at ${at}` : ''}`;
}
