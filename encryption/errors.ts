/** Why a payload could not be decrypted; stable codes callers and tests can match on. */
export type PayloadDecryptionFailure =
  | 'missing-encoding'
  | 'unsupported-encoding'
  | 'missing-key-id'
  | 'unknown-key-id'
  | 'truncated'
  | 'authentication-failed'
  | 'malformed-envelope'
  | 'plain-refused';

/**
 * A payload that must not be trusted: never a silent pass-through. Messages name the reason and the key id
 * (not a secret), never key material or plaintext.
 */
export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
  constructor(
    readonly reason: PayloadDecryptionFailure,
    message: string,
  ) {
    super(message);
  }
}
