import type { SignRequestResult } from '../../../contracts';
import { formatDelivery } from './callback';
import { cancellationText } from './state';

/** `box-sign result`: the outcome, each signer's decision, then what only that outcome has. */
export function formatResult(result: SignRequestResult): string {
  const request = result.signRequestId ? `sign request ${result.signRequestId}` : 'never accepted by Box';
  const lines = [`outcome: ${result.outcome} (${request})`];
  for (const signer of result.signers) {
    lines.push(
      `  ${signer.email}: ${signer.decision ?? 'no decision'}${signer.decidedAt ? ` at ${signer.decidedAt}` : ''}` +
        (signer.decisionNote ? ` (${signer.decisionNote})` : ''),
    );
  }
  if (result.cancellation) lines.push(`cancelled ${cancellationText(result.cancellation)}`);
  else if (result.outcome === 'cancelled') lines.push('cancelled on Box, not through this workflow');
  if (result.outcome === 'signed') {
    if (result.signedFileIds.length > 0) lines.push(`signed files: ${result.signedFileIds.join(', ')}`);
    if (result.signingLogFileId) lines.push(`signing log: ${result.signingLogFileId}`);
  }
  if (result.callback) lines.push(`callback: ${formatDelivery(result.callback)}`);
  return lines.join('\n');
}
