import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec } from '../encryption/encryption-codec';
import type { PayloadProtection } from '../encryption/key-config';

/** Bundled into the workflow sandbox by the worker (and by tests that pre-bundle): see bundleWorkflowCode. */
export const FAILURE_CONVERTER_PATH = require.resolve('../encryption/failure-converter');

/**
 * The one data converter for worker, client, CLI and tests: every payload (inputs, results, queries, memo,
 * summaries, failure messages and stack traces) is AES-256-GCM encrypted with the key ring's active key.
 * Plaintext only when the caller explicitly chose insecure development mode.
 */
export function createDataConverter(protection: PayloadProtection): DataConverter {
  if (protection.mode === 'insecure-plaintext') return {};
  return {
    payloadCodecs: [new EncryptionCodec(protection.keyRing, protection.refusePlain === true)],
    failureConverterPath: FAILURE_CONVERTER_PATH,
  };
}
