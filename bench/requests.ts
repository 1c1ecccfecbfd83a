import type { Client } from '@temporalio/client';
import { startSignRequest } from '../client';
import type { PollingPolicy, SignRequestInput } from '../contracts';
import { workflowIdForBusinessKey } from '../contracts';
import type { BenchSigner } from './signers';

/** One phone-verified signer per request: the product's case, and one signature to time per workflow. */
export function benchInput(businessKey: string, i: number, polling: PollingPolicy): SignRequestInput {
  return {
    businessKey,
    name: `Bench contract ${i}`,
    sourceFiles: [{ id: '1234567890' }],
    parentFolder: { id: '987654321' },
    signers: [{ email: `signer${i}@bench.example.com`, verificationPhoneNumber: `+1555${String(i).padStart(7, '0')}` }],
    polling,
  };
}

/** Starts the requests in batches (the client validates each input first), returning each one's signer. */
export async function startRequests(
  client: Client,
  taskQueue: string,
  count: number,
  polling: PollingPolicy,
  onStarted: (signer: BenchSigner) => void = () => undefined,
): Promise<BenchSigner[]> {
  const signers: BenchSigner[] = [];
  for (let i = 0; i < count; i += 25) {
    const batch = Array.from({ length: Math.min(25, count - i) }, (_, j) => i + j);
    await Promise.all(
      batch.map(async (n) => {
        const input = benchInput(`${taskQueue}-${n}`, n, polling);
        await startSignRequest(client, input, { taskQueue });
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
