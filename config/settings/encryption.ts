import { defineSettings } from '../setting';

const PAYLOAD_READERS = ['worker', 'api', 'webhook-receiver', 'codec-server', 'cli'] as const;

/** Payload encryption (encryption/key-config.ts) and sealed signer secrets (encryption/sealing-keys.ts). */
export const ENCRYPTION_SETTINGS = defineSettings({
  BOX_SIGN_ENCRYPTION_KEYS: {
    kind: 'secret',
    fileVariant: true,
    docDefault: 'required',
    description:
      'the payload key ring, `id:base64` of 32 bytes (`openssl rand -base64 32`), comma- or newline-separated',
    processes: PAYLOAD_READERS,
  },
  BOX_SIGN_ENCRYPTION_ACTIVE_KEY_ID: {
    kind: 'string',
    docDefault: 'the only key',
    description: 'the key new payloads are written with; required with several keys',
    processes: PAYLOAD_READERS,
  },
  BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS: {
    kind: 'bool',
    default: false,
    description: '`true`: no key, no encryption, no sealing — local development only, logs a warning',
    processes: ['worker', 'api', 'webhook-receiver', 'cli'],
  },
  BOX_SIGN_SEALING_PUBLIC_KEY: {
    kind: 'string',
    docDefault: 'required',
    description:
      "the workers' public key signers' secrets are sealed to (never a private key): " +
      '[sealing](operations.md#sealed-signer-secrets)',
    processes: ['api', 'cli'],
  },
  BOX_SIGN_SEALING_PRIVATE_KEYS: {
    kind: 'secret',
    fileVariant: true,
    docDefault: 'required',
    description:
      "the private keys that open signers' sealed secrets, the active one and older ones: " +
      '[sealing](operations.md#sealed-signer-secrets)',
    processes: ['worker'],
  },
});
