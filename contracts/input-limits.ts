/**
 * Upper bounds of the sign-request input. Box publishes few limits (35 signers, 10 files, 0–730 days); the others
 * are ours, generous for real documents and small enough that a whole input stays far below Temporal's payload
 * limit. They are published in schemas/sign-request-input.schema.json as maxLength / maxItems.
 */
export const INPUT_LIMITS = {
  businessKey: 200,
  boxId: 20,
  templateId: 128,
  signers: 35,
  /** A signer's `order`: Box says only "≥ 0"; 35 signers need no more than this, numbered in tens or hundreds. */
  order: 1_000,
  sourceFiles: 10,
  prefillTags: 500,
  /** RFC 5321: a forward path is at most 256 octets, so an address at most 254 characters. */
  email: 254,
  password: 128,
  url: 2048,
  name: 255,
  emailSubject: 500,
  emailMessage: 10_000,
  externalSystemName: 255,
  embedUrlExternalUserId: 255,
  signerGroupId: 255,
  language: 35,
  documentTagId: 255,
  prefillText: 4_000,
  deadline: 40,
  createTimeout: 10,
} as const;

/**
 * Temporal refuses a payload over 2 MiB (its default blob size limit). The input is one payload at start and again,
 * wrapped as `{ request, externalId }`, as the create activity's input; payload encryption adds its envelope. 1 MiB
 * of JSON leaves half the limit as margin (test/unit/input-size.test.ts measures the encrypted activity input).
 */
export const MAX_INPUT_BYTES = 1024 * 1024;

/** Bytes of the input as JSON in UTF-8, what the payload converter writes (no Node built-ins: runs in workflows). */
export function encodedInputBytes(input: unknown): number {
  const json = JSON.stringify(input) ?? '';
  let bytes = 0;
  for (let i = 0; i < json.length; i++) {
    const code = json.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < json.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
