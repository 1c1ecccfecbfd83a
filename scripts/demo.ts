import { randomBytes } from 'node:crypto';
import type { SignRequestInput, SignRequestState } from '../contracts';
import { workflowIdForBusinessKey } from '../contracts';
import { connectClient, getSignRequestResult, getSignRequestStatus, startSignRequest } from '../client';
import type { Client } from '@temporalio/client';
import { workflowUiLink } from '../config/temporal';
import { EmulatorControl } from '../emulator/control-client';
import { ENCRYPTION_ENV, loadPayloadProtection } from '../encryption/key-config';
import { playPasswordSigner, playPhoneSigner, waitUntilSent } from './demo-signers';
import { sleep } from './processes';
import { stackUp } from './stack';

/**
 * The demo: two verified sign requests on the local stack, played to the end. Exits 0 only when both
 * workflows completed with outcome `signed`.
 */

const POLLING = { initialIntervalMs: 500, backoffCoefficient: 1.5, maximumIntervalMs: 5_000 };

function request(businessKey: string, signer: SignRequestInput['signers'][number]): SignRequestInput {
  return {
    businessKey,
    name: `Demo contract ${businessKey}`,
    sourceFiles: [{ id: '1234567890' }],
    parentFolder: { id: '987654321' },
    signers: [signer],
    daysValid: 30,
    polling: POLLING,
  };
}

/** Prints each change of the workflow's state as the status query observes it, until it stops changing. */
async function follow(client: Client, workflowId: string, label: string, done: () => boolean): Promise<void> {
  let last = '';
  const printIfChanged = async () => {
    const state: SignRequestState | undefined = await getSignRequestStatus(client, workflowId).catch(() => undefined);
    if (state === undefined) return;
    const signers = state.signers.filter((s) => s.role !== 'final_copy_reader').map((s) => `${s.email}: ${s.progress}`);
    const line = `${state.boxStatus ?? state.phase}${signers.length > 0 ? ` (${signers.join(', ')})` : ''}`;
    if (line !== last) console.log(`  [${label}] workflow sees: ${line}`);
    last = line;
  };
  while (!done()) {
    await printIfChanged();
    await sleep(250);
  }
  await printIfChanged();
}

async function main(): Promise<void> {
  console.log('Bringing up the local stack…');
  const stack = await stackUp((line) => console.log(`  ${line}`));
  const control = new EmulatorControl(stack.emulatorUrl);
  const connected = await connectClient(
    { connection: { address: stack.temporalAddress }, namespace: stack.namespace, taskQueue: stack.taskQueue },
    loadPayloadProtection({ [ENCRYPTION_ENV.keysFile]: stack.encryptionKeysFile }),
  );
  const run = randomBytes(3).toString('hex');
  const password = `demo-${randomBytes(4).toString('hex')}`;
  const phoneInput = {
    ...request(`demo-${run}-phone`, { email: 'pat.phone@example.com', verificationPhoneNumber: '+15551232190' }),
    isPhoneVerificationRequiredToView: true,
  };
  const passwordInput = request(`demo-${run}-password`, { email: 'robin.password@example.com', password });

  try {
    const results: Record<string, string> = {};
    const plays = [
      {
        label: 'phone',
        input: phoneInput,
        play: (id: string) => playPhoneSigner(control, id, 'pat.phone@example.com', say('phone')),
      },
      {
        label: 'password',
        input: passwordInput,
        play: (id: string) => playPasswordSigner(control, id, 'robin.password@example.com', password, say('password')),
      },
    ];
    await Promise.all(
      plays.map(async ({ label, input, play }) => {
        const { workflowId } = await startSignRequest(connected.client, input, { taskQueue: stack.taskQueue });
        console.log(`  [${label}] started workflow ${workflowId}`);
        let finished = false;
        const following = follow(connected.client, workflowId, label, () => finished);
        const signRequestId = await waitUntilSent(control, workflowId);
        await play(signRequestId);
        const result = await getSignRequestResult(connected.client, workflowId);
        finished = true;
        await following;
        results[label] = result.outcome;
        console.log(
          `  [${label}] workflow completed: outcome ${result.outcome}, signed files ${result.signedFileIds.join(', ')}`,
        );
      }),
    );
    console.log('\nWeb UI:');
    for (const input of [phoneInput, passwordInput]) {
      console.log(`  ${workflowUiLink(stack.uiUrl, stack.namespace, workflowIdForBusinessKey(input.businessKey))}`);
    }
    console.log('Payloads are encrypted in history; the Web UI decodes them through the codec server. From a shell:');
    console.log(
      `  temporal workflow show -w ${workflowIdForBusinessKey(phoneInput.businessKey)} --address ${stack.temporalAddress} ` +
        `--codec-endpoint ${stack.codecUrl} --codec-auth "Bearer $(cat ${stack.codecTokenFile})"`,
    );
    const allSigned = Object.values(results).length === 2 && Object.values(results).every((o) => o === 'signed');
    console.log(allSigned ? '\nDemo passed: both requests signed.' : `\nDemo FAILED: ${JSON.stringify(results)}`);
    if (!allSigned) process.exitCode = 1;
  } finally {
    await connected.close();
  }
}

function say(label: string) {
  return (line: string) => console.log(`  [${label}] ${line}`);
}

main().catch((err: unknown) => {
  console.error(`Demo FAILED: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
