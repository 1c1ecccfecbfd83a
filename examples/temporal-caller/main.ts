import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { createDataConverter } from '../../config/data-converter';
import { DEFAULT_NEXUS_ENDPOINT } from '../../contracts/nexus-service';
import { loadPayloadProtection } from '../../encryption/key-config';
import { loadSecretSealing } from '../../encryption/sealing-keys';
import { createCallerWorker } from './caller-worker';
import { startContract } from './start';

/**
 * The caller's side against the local stack: its worker in namespace `box-sign-caller`, and one contract for the
 * signer on the command line (`<email> <E.164 phone>`), whose outcome it prints once the signer has signed.
 */
async function main(): Promise<void> {
  const [email, phone] = process.argv.slice(2);
  if (!email || !phone) throw new Error('usage: node lib/examples/temporal-caller/main.js <email> <+E.164 phone>');
  const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  const namespace = process.env.CALLER_NAMESPACE ?? 'box-sign-caller';
  const dataConverter = createDataConverter(loadPayloadProtection());
  const taskQueue = 'contracts';
  const worker = await createCallerWorker({
    connection: await NativeConnection.connect({ address }),
    namespace,
    taskQueue,
    dataConverter,
  });
  const running = worker.run();
  const client = new Client({ connection: await Connection.connect({ address }), namespace, dataConverter });
  const request = {
    businessKey: `nexus-${randomUUID().slice(0, 8)}`,
    name: 'Contract signed through Nexus',
    sourceFiles: [{ id: '1234567890' }],
    parentFolder: { id: '987654321' },
    signers: [{ email, verificationPhoneNumber: phone }],
    polling: { initialIntervalMs: 1_000, maximumIntervalMs: 5_000 },
  };
  const endpoint = process.env.NEXUS_ENDPOINT ?? DEFAULT_NEXUS_ENDPOINT;
  const contract = await startContract(client, request, { taskQueue, endpoint, sealing: loadSecretSealing() });
  console.log(`started ${contract.workflowId} in ${namespace} (business key ${request.businessKey}); waiting…`);
  console.log(JSON.stringify(await contract.result(), null, 2));
  worker.shutdown();
  await running;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
