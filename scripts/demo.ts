import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SignRequestInput, SignRequestState } from '../contracts';
import { workflowIdForBusinessKey } from '../contracts';
import { connectClient, getSignRequestResult, getSignRequestStatus, startSignRequest } from '../client';
import type { Client } from '@temporalio/client';
import { workflowUiLink } from '../config/temporal';
import { EMULATOR_USERS, EmulatorControl, type EmulatorUser } from 'box-sign-emulator';
import { ENCRYPTION_ENV, loadPayloadProtection } from '../encryption/key-config';
import { SEALING_ENV, loadSecretSealing } from '../encryption/sealing-keys';
import type { OutcomeAnswer } from './demo-api';
import { operatorViewOfSecrets } from './demo-operator-view';
import { DemoApi, readApiCredentials } from './demo-api';
import { startDemoCallbackReceiver } from './demo-callback-receiver';
import { DemoDocuments } from './demo-evidence';
import { METHOD_SIGNERS, playMethodSigners, playPasswordSigner, playPhoneSigner, waitUntilSent } from './demo-signers';
import { sleep } from './processes';
import { stackUp } from './stack';
import { clusterUp } from './cluster/up';
import { CLUSTER_DIR } from './cluster/layout';
import { PROJECT_ROOT } from './tools';

/**
 * The demo: three verified sign requests on the local stack, played to the end. The phone-verified one is started
 * with the client library; the password-verified one through the HTTP API, as a business system would, with a
 * completion callback to the demo's own receiver; the third, with the client library, has one signer per
 * verification method (an SMS code, a Box login, a CAC/PIV card with a password). Exits 0 only when all workflows
 * completed with outcome `signed` and the API request's `sign_request.signed` callback arrived with a valid signature.
 */

const POLLING = { initialIntervalMs: 500, backoffCoefficient: 1.5, maximumIntervalMs: 5_000 };
const RESULT_TIMEOUT_MS = 120_000;
const DEMO_SENDER = EMULATOR_USERS[0] as EmulatorUser;
const CALLBACK_TIMEOUT_MS = 60_000;

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

/** `npm run demo -- --cluster`: the same demo on the local Temporal cluster (npm run cluster:up) instead. */
const ON_CLUSTER = process.argv.slice(2).includes('--cluster');

async function main(): Promise<void> {
  console.log(`Bringing up the local ${ON_CLUSTER ? 'cluster' : 'stack'}…`);
  const indented = (line: string) => console.log(`  ${line}`);
  const stack = ON_CLUSTER ? await clusterUp(indented) : await stackUp(indented);
  const control = new EmulatorControl(stack.emulatorUrl);
  const credentials = readApiCredentials(stack);
  const api = new DemoApi(stack.apiUrl, credentials.apiKey);
  const receiver = await startDemoCallbackReceiver(credentials.callbackSecret);
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
  const documents = new DemoDocuments(stack.apiUrl, credentials.apiKey);
  const evidenceDir = join(
    ON_CLUSTER ? CLUSTER_DIR : (process.env.STACK_DIR ?? join(PROJECT_ROOT, '.stack')),
    'demo-evidence',
    `demo-${run}-password`,
  );
  const passwordInput: SignRequestInput = {
    ...request(`demo-${run}-password`, { email: 'robin.password@example.com', password }),
    callback: { url: receiver.url },
    // Sent as one of the emulator's users (the local stack allows them): Box e-mails the signer in its name.
    sender: { boxUserId: DEMO_SENDER.id },
  };

  // One signer per verification method; with a cac_piv signer among several, each gives an order (Box's rule).
  const methodSigners: SignRequestInput['signers'] = [
    { email: METHOD_SIGNERS.phone, order: 1, verificationMethod: { type: 'phone', phoneNumber: '+447700900123' } },
    { email: METHOD_SIGNERS.login, order: 1, verificationMethod: { type: 'login' } },
    { email: METHOD_SIGNERS.card, order: 1, verificationMethod: { type: 'cac_piv' }, password },
  ];
  const methodsInput: SignRequestInput = {
    ...request(`demo-${run}-methods`, methodSigners[0]!),
    signers: methodSigners,
  };
  // The enterprise's CAC/PIV permission (a Box admin's switch; the emulator's control API).
  await control.setEnterprise({ cac_piv_enabled: true });

  try {
    const results: Record<string, string> = {};
    // The library's id is box-sign-<key>; the API's is its client's own (box-sign-@<client>:<key>).
    const workflowIds: Record<string, string> = {};
    let callbackVerified = false;
    let evidenceVerified = false;
    const plays: Play[] = [
      {
        label: 'phone',
        input: phoneInput,
        start: async () => {
          const { workflowId } = await startSignRequest(connected.client, phoneInput, {
            taskQueue: stack.taskQueue,
            sealing: loadSecretSealing({ [SEALING_ENV.publicKey]: readFileSync(stack.sealingPublicKeyFile, 'utf8') }),
          });
          console.log(`  [phone] started workflow ${workflowId} with the client library`);
          return workflowId;
        },
        play: (id) => playPhoneSigner(control, id, 'pat.phone@example.com', say('phone')),
        outcome: async (workflowId) => (await getSignRequestResult(connected.client, workflowId)).outcome,
      },
      {
        label: 'password',
        input: passwordInput,
        start: async () => {
          const uploaded = await documents.uploadContract(
            passwordInput.businessKey,
            passwordInput.parentFolder.id,
            passwordInput.sender?.boxUserId,
          );
          passwordInput.sourceFiles = [{ id: uploaded.fileId }];
          console.log(
            `  [password] POST ${stack.apiUrl}/v1/documents: a PDF made by the demo is Box file ${uploaded.fileId} ` +
              `(${uploaded.size} bytes, sha256 ${uploaded.sha256.slice(0, 12)}…)`,
          );
          console.log(
            `  [password] POST ${stack.apiUrl}/v1/sign-requests (callback.url ${receiver.url}, ` +
              `sender Box user ${DEMO_SENDER.id}, ${DEMO_SENDER.name})`,
          );
          const { status, body } = await api.start(passwordInput);
          const box = body.signRequestId ? `Box sign request ${body.signRequestId}` : `phase ${body.phase ?? '?'}`;
          console.log(`  [password] API answered ${status}: ${box}, workflow ${body.workflowId}`);
          return body.workflowId;
        },
        play: (id) => playPasswordSigner(control, id, 'robin.password@example.com', password, say('password')),
        outcome: async (workflowId) => {
          const answer = await api.result(passwordInput.businessKey, RESULT_TIMEOUT_MS);
          if (answer.state !== 'completed') throw new Error(`the API's result is ${describeOutcome(answer)}`);
          console.log(`  [password] GET …/result answered: outcome ${answer.result.outcome}`);
          const { webhookId, event } = await receiver.outcomeEvent(workflowId, CALLBACK_TIMEOUT_MS);
          console.log(`  [password] callback received: ${event.type} (webhook-id ${webhookId}, signature verified)`);
          const signedEvidence = event.data.documents ?? [];
          console.log(
            `  [password] the callback lists ${signedEvidence.length} documents; downloading them through the API:`,
          );
          for (const line of await documents.downloadAndVerify(signedEvidence, evidenceDir)) {
            console.log(`  [password]   ${line}`);
          }
          evidenceVerified =
            signedEvidence.some((d) => d.kind === 'signed') && signedEvidence.some((d) => d.kind === 'signingLog');
          callbackVerified = event.type === 'sign_request.signed';
          return answer.result.outcome;
        },
      },
      {
        label: 'methods',
        input: methodsInput,
        start: async () => {
          const { workflowId } = await startSignRequest(connected.client, methodsInput, {
            taskQueue: stack.taskQueue,
            sealing: loadSecretSealing({ [SEALING_ENV.publicKey]: readFileSync(stack.sealingPublicKeyFile, 'utf8') }),
          });
          console.log(`  [methods] started workflow ${workflowId}: one signer per verification method`);
          return workflowId;
        },
        play: (id) => playMethodSigners(control, id, password, say('methods')),
        outcome: async (workflowId) => {
          const result = await getSignRequestResult(connected.client, workflowId);
          for (const signer of result.signers) {
            const checks = (signer.verification ?? []).map((c) =>
              'maskedPhone' in c ? `phone ${c.maskedPhone}` : c.type,
            );
            console.log(`  [methods] ${signer.email} had to pass: ${checks.join(' + ') || 'nothing'}`);
          }
          return result.outcome;
        },
      },
    ];
    await Promise.all(
      plays.map(async ({ label, start, play, outcome }) => {
        const workflowId = await start();
        workflowIds[label] = workflowId;
        let finished = false;
        const following = follow(connected.client, workflowId, label, () => finished);
        try {
          const signRequestId = await waitUntilSent(control, workflowId);
          await play(signRequestId);
          results[label] = await outcome(workflowId);
        } finally {
          finished = true;
          await following;
        }
        const result = await getSignRequestResult(connected.client, workflowId);
        const { sender } = await getSignRequestStatus(connected.client, workflowId);
        console.log(
          `  [${label}] workflow completed: outcome ${result.outcome}, signed files ${result.signedFileIds.join(', ')}` +
            `, sent as ${sender ? `Box user ${sender}` : 'the deployment default'}`,
        );
      }),
    );
    // The cluster has no Web UI of its own: the links are where an operator's UI server would show them.
    console.log(ON_CLUSTER ? '\nWeb UI (once you run one: docs/cluster.md#the-web-ui):' : '\nWeb UI:');
    for (const { label } of plays) {
      console.log(`  ${workflowUiLink(stack.uiUrl, stack.namespace, workflowIds[label] ?? '')}`);
    }
    console.log('Payloads are encrypted in history; the Web UI decodes them through the codec server. From a shell:');
    console.log(
      `  npm run temporal -- workflow show -w ${workflowIdForBusinessKey(phoneInput.businessKey)} ` +
        `--address ${stack.temporalAddress} --codec-endpoint ${stack.codecUrl} ` +
        `--codec-auth "Bearer $(cat ${stack.codecTokenFile})"`,
    );
    console.log("What an operator decoding the workflow input sees of the signers' secrets (sealed to the worker):");
    for (const { label } of plays) {
      const lines = await operatorViewOfSecrets(connected.client, workflowIds[label] ?? '');
      for (const line of lines) console.log(`  [${label}] ${line}`);
    }
    const allSigned = plays.every(({ label }) => results[label] === 'signed');
    if (allSigned && callbackVerified && evidenceVerified) {
      console.log(
        "\nDemo passed: all three requests signed (one signer per verification method in the third), the API request's signed callback received and verified, its signed " +
          `PDF and signing log downloaded through the API with matching SHA-256 (in ${evidenceDir}).`,
      );
    } else {
      const why = !allSigned
        ? `outcomes ${JSON.stringify(results)}`
        : !callbackVerified
          ? 'no verified sign_request.signed callback'
          : 'the signed PDF or the signing log was not downloaded and verified';
      console.log(`\nDemo FAILED: ${why}`);
      process.exitCode = 1;
    }
  } finally {
    await connected.close();
    await receiver.stop();
  }
}

interface Play {
  label: string;
  input: SignRequestInput;
  /** Starts the request; returns its workflow id. */
  start: () => Promise<string>;
  play: (signRequestId: string) => Promise<void>;
  /** Waits for the request's outcome (and, through the API, its callback). */
  outcome: (workflowId: string) => Promise<string>;
}

function describeOutcome(answer: OutcomeAnswer): string {
  if (answer.state === 'failed') return `failed: ${answer.failure.type}: ${answer.failure.message}`;
  return answer.state === 'running' ? `still running (phase ${answer.phase})` : answer.state;
}

function say(label: string) {
  return (line: string) => console.log(`  [${label}] ${line}`);
}

main().catch((err: unknown) => {
  console.error(`Demo FAILED: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
