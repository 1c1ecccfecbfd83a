import type { SignRequestSnapshot } from './sign-request-state';

/**
 * What counts as a change worth a history event: the status, and each signer's view and decision.
 * Polls that see the same fingerprint are not changes and add no history.
 */
export function snapshotFingerprint(snapshot: SignRequestSnapshot): string {
  const signers = snapshot.signers.map(
    (s) => `${s.email.toLowerCase()}:${s.hasViewedDocument ? 'v' : '-'}:${s.decision ?? '-'}`,
  );
  return [snapshot.status, snapshot.prepareUrl === null ? '' : 'p', ...signers].join('|');
}
