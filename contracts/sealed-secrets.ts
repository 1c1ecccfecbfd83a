/**
 * A signer's password and phone number travel sealed with the workers' public key: only the activity that calls
 * Box can open them (encryption/sealing.ts). What everyone else sees (Web UI, CLI, API, logs) is this shape:
 * `{ sealed: "bss1.<key id>.<ephemeral key>.<ciphertext>" }`, and for a phone also the masked number computed at
 * sealing time. No Node built-ins here: the workflow validates the shape.
 */

export const SEALED_SECRET_VERSION = 'bss1';

/** `bss1.<key id>.<32-byte X25519 public key, base64url>.<AES-256-GCM ciphertext and tag, base64url>`. */
export const SEALED_SECRET_PATTERN = /^bss1\.[A-Za-z0-9_-]{1,64}\.[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{64,800}$/;

/** `+` and the first digit, seven dots whatever the length (it is not revealed either), the last two digits. */
export const MASKED_PHONE_PATTERN = /^\+\d•{7}\d{2}$/;

export interface SealedSecret {
  sealed: string;
}

export interface SealedPhoneNumber extends SealedSecret {
  /** e.g. `+1•••••••90`: enough for an operator to tell two signers' phones apart, not to call one. */
  masked: string;
}

export function isSealedSecret(value: unknown): value is SealedSecret {
  return typeof value === 'object' && value !== null && typeof (value as { sealed?: unknown }).sealed === 'string';
}

export function maskPhoneNumber(e164: string): string {
  return `${e164.slice(0, 2)}${'•'.repeat(7)}${e164.slice(-2)}`;
}

/** The key id a sealed value names (its second part). */
export function sealedKeyId(sealed: string): string {
  return sealed.split('.')[1] ?? '';
}
