import type { Client } from '@temporalio/client';
import { startSignRequest } from '../client';
import type { CallbackInput, PollingPolicy, SignRequestInput } from '../contracts';
import { workflowIdForBusinessKey } from '../contracts';
import type { SecretSealing } from '../encryption/sealing-keys';
import type { BenchCallbacks } from './bench-stack';
import type { BenchSigner } from './signers';

/** One phone-verified signer per request: the product's case, and one signature to time per workflow. */
export function benchInput(
  businessKey: string,
  i: number,
  polling: PollingPolicy,
  callback?: CallbackInput,
  sender?: string,
): SignRequestInput {
  return {
    businessKey,
    name: `Bench contract ${i}`,
    sourceFiles: [{ id: '1234567890' }],
    parentFolder: { id: '987654321' },
    signers: [{ email: `signer${i}@bench.example.com`, verificationPhoneNumber: `+1555${String(i).padStart(7, '0')}` }],
    polling,
    ...(callback === undefined ? {} : { callback }),
    ...(sender === undefined ? {} : { sender: { boxUserId: sender } }),
  };
}

export interface StartRequestsOptions {
  /** The workers' public key: the phone numbers are sealed as every starter seals them. */
  sealing: SecretSealing;
  onStarted?: (signer: BenchSigner) => void;
  /** Every request sends its outcome to this business system, started as its API client (who signs it). */
  callbacks?: BenchCallbacks;
  /** Business keys are `<keyPrefix>-<n>`; default the task queue (a queue that runs several batches needs more). */
  keyPrefix?: string;
  /** The Box user request `n` is sent as; default none (the deployment's default sender). */
  senderOf?: (n: number) => string | undefined;
  /** The senders the starter may name (the workers' BOX_SIGN_ALLOWED_SENDERS); default none. */
  allowedSenders?: string[];
}

/** Starts the requests in batches (the client validates each input first), returning each one's signer. */
export async function startRequests(
  client: Client,
  taskQueue: string,
  count: number,
  polling: PollingPolicy,
  {
    onStarted = () => undefined,
    callbacks,
    sealing,
    keyPrefix = taskQueue,
    senderOf = () => undefined,
    allowedSenders = [],
  }: StartRequestsOptions,
): Promise<BenchSigner[]> {
  const callback = callbacks === undefined ? undefined : { url: callbacks.receiver.url };
  const startOptions = {
    taskQueue,
    sealing,
    allowedSenders,
    ...(callbacks === undefined
      ? {}
      : {
          apiClient: callbacks.apiClient,
          callbackAllowHosts: callbacks.allowHosts,
          startBinding: callbacks.startBinding,
        }),
  };
  const signers: BenchSigner[] = [];
  for (let i = 0; i < count; i += 25) {
    const batch = Array.from({ length: Math.min(25, count - i) }, (_, j) => i + j);
    await Promise.all(
      batch.map(async (n) => {
        const input = benchInput(`${keyPrefix}-${n}`, n, polling, callback, senderOf(n));
        await startSignRequest(client, input, startOptions);
        const signer = {
          workflowId: workflowIdForBusinessKey(input.businessKey),
          email: input.signers[0]?.email ?? '',
        };
        signers[n] = signer;
        onStarted(signer);
      }),
    );
  }
  return signers;
}
