import type { SignerState } from '../../../contracts';

/** The people asked to act: Box adds the sender as a final_copy_reader, who never signs. */
export function actingSigners(signers: SignerState[]): SignerState[] {
  return signers.filter((s) => s.role !== 'final_copy_reader');
}

export function finalCopyReaders(signers: SignerState[]): string[] {
  return signers.filter((s) => s.role === 'final_copy_reader').map((s) => s.email);
}

/**
 * "ann@example.com (signer, order 1): declined at … (reason) · verified by phone +1•••••••90 + password"; on a
 * finished request nobody is still `waiting`.
 */
export function formatSigner(signer: SignerState, finished = false): string {
  const at = signer.decidedAt ?? signer.viewedAt;
  const progress = finished && signer.progress === 'waiting' ? 'not reached' : signer.progress;
  const note = signer.decisionNote ? ` (${signer.decisionNote})` : '';
  const checks = (signer.verification ?? []).map((c) => (c.type === 'phone' ? `phone ${c.maskedPhone}` : c.type));
  const verified = checks.length > 0 ? ` · verified by ${checks.join(' + ')}` : '';
  return `${signer.email} (${signer.role}, order ${signer.order}): ${progress}${at ? ` at ${at}` : ''}${note}${verified}`;
}
