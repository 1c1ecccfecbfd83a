import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataConverter } from '../../config/data-converter';
import { createJsonLogger } from '../../logging/logger';
import { installRuntimeLogging } from '../../worker/runtime-logging';
import type { EchoingBoxProxy } from '../support/echoing-box-proxy';
import { startEchoingBoxProxy } from '../support/echoing-box-proxy';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { payloadEncodings, plaintextFindings, rawDescription, rawHistory } from '../support/plaintext-search';
import { BUILT, runBuilt } from '../support/run-built';
import { boxRequestFor } from '../support/signers';

// Every log line of this file, at debug level: the SDK's own logs routed as worker/main.ts routes them, the
// activities' and Box client's logger, and the emulator's.
const logLines: string[] = [];
const capture = (line: string) => void logLines.push(line);
const workerLogger = createJsonLogger('worker', 'debug', capture);
installRuntimeLogging(workerLogger, 'debug');

const CLIENT_ID = `client-id-${randomUUID()}`;
const CLIENT_SECRET = `client-secret-${randomUUID()}`;

function signerSecrets(label: string) {
  const tag = randomUUID().slice(0, 8);
  return {
    email: `${label}.${tag}@example.com`,
    phone: `+1555${String(randomInt(1_000_000, 9_999_999))}`,
    password: `pw ${tag} correct horse`,
  };
}

describe('signer secrets never leave the worker in plaintext (encryption on, real runs)', () => {
  let h: Harness;
  let proxy: EchoingBoxProxy;
  let stateFile: string;
  const phone = signerSecrets('phone');
  const password = signerSecrets('password');
  const echoed = signerSecrets('echoed');
  const method = signerSecrets('method');
  const echoedMethod = signerSecrets('echoed-method');
  const secrets = [
    method.email,
    method.phone,
    method.password,
    echoedMethod.email,
    echoedMethod.phone,
    phone.email,
    phone.phone,
    password.email,
    password.password,
    echoed.email,
    echoed.phone,
    echoed.password,
  ];
  const workflowIds: Record<'phone' | 'password' | 'method' | 'echoed', string> = {
    phone: '',
    password: '',
    method: '',
    echoed: '',
  };
  let echoFailure: unknown;

  beforeAll(async () => {
    proxy = await startEchoingBoxProxy();
    stateFile = join(mkdtempSync(join(tmpdir(), 'emulator-state-')), 'emulator-state.json');
    h = await startHarness({
      logger: workerLogger,
      emulator: {
        stateFile,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        logger: createJsonLogger('emulator', 'debug', capture),
      },
      box: (emulatorUrl) => {
        proxy.forwardTo(emulatorUrl);
        return {
          apiBaseUrl: `${proxy.url}/2.0`,
          uploadBaseUrl: `${proxy.url}/api/2.0`,
          tokenUrl: `${proxy.url}/oauth2/token`,
          auth: {
            kind: 'client-credentials',
            clientId: CLIENT_ID,
            clientSecret: CLIENT_SECRET,
            subjectType: 'enterprise',
            subjectId: '1234',
          },
          timeoutMs: 5_000,
        };
      },
    });

    // A phone-verified signer (code asked before viewing), played to signed.
    workflowIds.phone = await h.start(
      signRequest({
        isPhoneVerificationRequiredToView: true,
        signers: [{ email: phone.email, verificationPhoneNumber: phone.phone }],
      }),
    );
    // A password-verified signer, refused once, then signed.
    workflowIds.password = await h.start(
      signRequest({ signers: [{ email: password.email, password: password.password }] }),
    );
    const phoneId = await boxRequestFor(h.control, workflowIds.phone);
    expect((await h.control.signer(phoneId, phone.email, 'view')).status).toBe(403);
    const code = await h.control.latestCode(phoneId, phone.email);
    expect((await h.control.signer(phoneId, phone.email, 'verify', { code })).status).toBe(200);
    expect((await h.control.signer(phoneId, phone.email, 'sign')).status).toBe(200);
    const passwordId = await boxRequestFor(h.control, workflowIds.password);
    expect((await h.control.signer(passwordId, password.email, 'verify', { password: 'wrong' })).status).toBe(403);
    expect((await h.control.signer(passwordId, password.email, 'verify', { password: password.password })).status).toBe(
      200,
    );
    expect((await h.control.signer(passwordId, password.email, 'sign')).status).toBe(200);
    expect((await h.result(workflowIds.phone)).outcome).toBe('signed');
    expect((await h.result(workflowIds.password)).outcome).toBe('signed');

    // A phone given as Box's verification_method, with a password beside it, played to signed.
    workflowIds.method = await h.start(
      signRequest({
        signers: [
          {
            email: method.email,
            verificationMethod: { type: 'phone', phoneNumber: method.phone },
            password: method.password,
          },
        ],
      }),
    );
    const methodId = await boxRequestFor(h.control, workflowIds.method);
    expect((await h.control.signer(methodId, method.email, 'verify', { password: method.password })).status).toBe(200);
    await h.control.signer(methodId, method.email, 'send-code');
    const methodCode = await h.control.latestCode(methodId, method.email);
    expect((await h.control.signer(methodId, method.email, 'verify', { code: methodCode })).status).toBe(200);
    expect((await h.control.signer(methodId, method.email, 'sign')).status).toBe(200);
    expect((await h.result(workflowIds.method)).outcome).toBe('signed');

    // Box refuses a create with a 400 whose message and context_info quote the whole request.
    proxy.echoNextCreate();
    workflowIds.echoed = await h.start(
      signRequest({
        signers: [
          { email: echoed.email, verificationPhoneNumber: echoed.phone, password: echoed.password },
          { email: echoedMethod.email, verificationMethod: { type: 'phone', phoneNumber: echoedMethod.phone } },
        ],
      }),
    );
    echoFailure = await h.result(workflowIds.echoed).catch((err: unknown) => err);
  }, 90_000);

  afterAll(async () => {
    await h?.teardown();
    await proxy?.stop();
  });

  it('the raw history holds no password, phone number or email: inputs, activities, summaries, failures', async () => {
    for (const workflowId of Object.values(workflowIds)) {
      const history = await rawHistory(workflowId);
      expect(plaintextFindings(history, secrets)).toEqual([]);
      // Every payload is sealed, so nothing else (memo, summaries, results) slipped past the codec either.
      expect([...payloadEncodings(history)]).toEqual(['binary/encrypted']);
    }
  });

  it('failure messages and stack traces reach history only encrypted', async () => {
    const history = JSON.stringify(await rawHistory(workflowIds.echoed));
    expect(history).toContain('EVENT_TYPE_WORKFLOW_EXECUTION_FAILED');
    expect(history).toContain('"message":"Encoded failure"');
    expect(history).toContain('"encodedAttributes"');
    expect(history).not.toContain('Box API POST');
  });

  it('search attributes, memo and summary as stored carry none of them', async () => {
    for (const workflowId of Object.values(workflowIds)) {
      const description = await rawDescription(workflowId);
      expect(plaintextFindings(description, secrets)).toEqual([]);
      expect(JSON.stringify(description)).toContain('SignerVerification');
    }
  });

  it('worker, SDK, Box client and emulator logs at debug level carry none of them', () => {
    const logs = logLines.join('');
    expect(logs).toContain('Created sign request');
    expect(logs).toContain('"message":"Activity failed"');
    expect(logs).toContain('"message":"box api call"');
    expect(logs).toContain('emulator: request');
    expect(plaintextFindings(logLines, secrets)).toEqual([]);
  });

  it('a Box error echoing the request reaches the caller, logs, history and the CLI without the secrets', async () => {
    expect(echoFailure).toBeInstanceOf(WorkflowFailedError);
    const rejected = (echoFailure as WorkflowFailedError).cause;
    expect(rejected).toMatchObject({ type: 'BoxRequestRejected' });
    expect(rejected?.message).toContain('400 bad_request: Invalid password [REDACTED] or phone [REDACTED]');
    expect(rejected?.message).toContain('request_id echo-request-1');
    expect(plaintextFindings(rejected?.message, secrets)).toEqual([]);

    const env = { TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS, ...h.encryptionEnv };
    const { code, stdout, stderr } = await runBuilt(BUILT.cli, ['result', workflowIds.echoed], env);
    const output = stdout + stderr;
    expect(code).toBe(1);
    expect(output).toContain('box-sign: workflow failed');
    expect(plaintextFindings(output, secrets)).toEqual([]);
  });

  it("the emulator's state file keeps a salted hash of the password, never the password", () => {
    const state = readFileSync(stateFile, 'utf8');
    expect(state).not.toContain(password.password);
    expect(state).toMatch(/"password_hash":\s*\{\s*"salt":\s*"[0-9a-f]{32}",\s*"hash":\s*"[0-9a-f]{64}"/);
  });

  it('Box credentials (client secret, access tokens) are never in history, logs or errors', async () => {
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { tokens?: { token: string }[] };
    const accessTokens = (state.tokens ?? []).map((t) => t.token);
    expect(accessTokens.length).toBeGreaterThan(0);
    const credentials = [CLIENT_SECRET, ...accessTokens];
    for (const workflowId of Object.values(workflowIds)) {
      expect(plaintextFindings(await rawHistory(workflowId), credentials)).toEqual([]);
    }
    expect(plaintextFindings(logLines, credentials)).toEqual([]);
    expect(plaintextFindings(String((echoFailure as Error).stack), credentials)).toEqual([]);
    const rejected = (echoFailure as WorkflowFailedError).cause;
    expect(plaintextFindings(rejected?.message, credentials)).toEqual([]);
  });

  it('the same checks do find the secrets in a history written without encryption (they are not vacuous)', async () => {
    const connection = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS });
    const plaintextClient = new Client({
      connection,
      dataConverter: createDataConverter({ mode: 'insecure-plaintext' }),
    });
    const workflowId = `plaintext-control-${randomUUID()}`;
    const handle = await plaintextClient.workflow.start('signRequestWorkflow', {
      workflowId,
      taskQueue: `nobody-${randomUUID()}`,
      args: [
        signRequest({
          signers: [
            { email: echoed.email, verificationPhoneNumber: echoed.phone, password: echoed.password },
            { email: echoedMethod.email, verificationMethod: { type: 'phone', phoneNumber: echoedMethod.phone } },
          ],
        }),
      ],
    });
    try {
      expect(
        plaintextFindings(await rawHistory(workflowId), [echoed.email, echoed.phone, echoed.password]),
      ).toHaveLength(3);
    } finally {
      await handle.terminate('control run over');
      await connection.close();
    }
  });
});
