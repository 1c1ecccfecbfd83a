import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { startSignRequest } from '../../client';
import type { SignRequestInput } from '../../contracts';
import { ErrorType, maskPhoneNumber } from '../../contracts';
import type { RunningCodecServer } from '../../encryption/codec-server';
import { startCodecServer } from '../../encryption/codec-server';
import { ENCRYPTION_ENV } from '../../encryption/key-config';
import { formatKeyRing } from '../../encryption/key-ring';
import { SEALING_ENV, generateSealingSetup } from '../../encryption/sealing-keys';
import type { ApiRig } from '../support/api-rig';
import { startApiRig } from '../support/api-rig';
import { decodedPayloadTexts } from '../support/codec-decoded';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { plaintextFindings, rawHistory } from '../support/plaintext-search';
import { BUILT, runBuilt } from '../support/run-built';
import { boxRequestFor } from '../support/signers';

const CODEC_TOKEN = `codec-${randomUUID()}`;

interface Secrets {
  phoneEmail: string;
  phone: string;
  passwordEmail: string;
  password: string;
}

function secretsFor(label: string): Secrets {
  const tag = randomUUID().slice(0, 8);
  return {
    phoneEmail: `${label}.phone.${tag}@example.com`,
    phone: `+1555${String(randomInt(1_000_000, 9_999_999))}`,
    passwordEmail: `${label}.password.${tag}@example.com`,
    password: `pw ${tag} sealed horse`,
  };
}

function inputFor(s: Secrets): SignRequestInput {
  return signRequest({
    isPhoneVerificationRequiredToView: true,
    signers: [
      { email: s.phoneEmail, verificationPhoneNumber: s.phone, order: 1 },
      { email: s.passwordEmail, password: s.password, order: 1 },
    ],
  });
}

/** The plaintext an operator must never read: the password, the phone number with and without its `+`. */
function plaintextOf(s: Secrets): string[] {
  return [s.password, s.phone, s.phone.slice(1)];
}

/**
 * Signer secrets sealed to the workers' public key at every entry point (client library, CLI, HTTP API): whoever
 * decodes payloads with the codec (the Web UI, the CLI, the API) reads `{sealed}` and a masked phone number, while
 * Box still receives both and the signers still have to pass the SMS code and the password.
 */
describe('sealed signer secrets: no operator can read a password or a phone number', () => {
  let h: Harness;
  let api: ApiRig;
  let codec: RunningCodecServer;
  const started: Record<'library' | 'cli' | 'api', { workflowId: string; secrets: Secrets }> = {} as never;
  /** What a starter holds: payload keys and the public sealing key, never the private one. */
  let starterEnv: Record<string, string>;

  beforeAll(async () => {
    h = await startHarness();
    api = await startApiRig(h);
    codec = await startCodecServer({
      keyRing: h.keyRing,
      authToken: CODEC_TOKEN,
      allowedOrigins: ['http://localhost:8233'],
      acceptTokenInPath: false,
    });
    starterEnv = {
      TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS ?? '',
      BOX_SIGN_TASK_QUEUE: h.taskQueue,
      [ENCRYPTION_ENV.keys]: formatKeyRing(h.keyRing),
      [ENCRYPTION_ENV.activeKeyId]: h.keyRing.activeKeyId,
      [SEALING_ENV.publicKey]: h.encryptionEnv[SEALING_ENV.publicKey] ?? '',
    };

    const library = secretsFor('library');
    started.library = { workflowId: await h.start(inputFor(library)), secrets: library };

    const cliSecrets = secretsFor('cli');
    const { password: _password, ...withoutPassword } = inputFor(cliSecrets).signers[1] ?? {};
    const cliInput = { ...inputFor(cliSecrets), signers: [inputFor(cliSecrets).signers[0], withoutPassword] };
    const file = join(mkdtempSync(join(tmpdir(), 'sealed-cli-')), 'input.json');
    writeFileSync(file, JSON.stringify(cliInput));
    const passwordArg = `${cliSecrets.passwordEmail}=SIGNER_PASSWORD`;
    const run = await runBuilt(BUILT.cli, ['start', '--input', file, '--password-env', passwordArg], {
      ...starterEnv,
      SIGNER_PASSWORD: cliSecrets.password,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    started.cli = { workflowId: run.stdout.trim(), secrets: cliSecrets };

    const apiSecrets = secretsFor('api');
    const apiInput = inputFor(apiSecrets);
    const created = await api.call('POST', '/v1/sign-requests', { body: apiInput });
    expect(created.status).toBe(201);
    started.api = { workflowId: String(created.body.workflowId), secrets: apiSecrets };

    for (const { workflowId, secrets } of Object.values(started)) await playSigners(workflowId, secrets);
  }, 120_000);

  afterAll(async () => {
    await codec?.stop();
    await api?.stop();
    await h?.teardown();
  });

  async function playSigners(workflowId: string, s: Secrets): Promise<void> {
    const id = await boxRequestFor(h.control, workflowId);
    // Box has both: the SMS code went to the phone number, the password is asked and checked.
    expect((await h.control.signer(id, s.phoneEmail, 'view')).status).toBe(403);
    const [sms] = await h.control.outbox(id, s.phoneEmail);
    expect(sms?.phone_number).toBe(s.phone);
    expect((await h.control.signer(id, s.phoneEmail, 'verify', { code: sms?.code ?? '' })).status).toBe(200);
    expect((await h.control.signer(id, s.phoneEmail, 'sign')).status).toBe(200);
    expect((await h.control.signer(id, s.passwordEmail, 'view')).status).toBe(403);
    expect((await h.control.signer(id, s.passwordEmail, 'verify', { password: 'not it' })).status).toBe(403);
    expect((await h.control.signer(id, s.passwordEmail, 'verify', { password: s.password })).status).toBe(200);
    expect((await h.control.signer(id, s.passwordEmail, 'sign')).status).toBe(200);
    expect((await h.result(workflowId)).outcome).toBe('signed');
  }

  it.each(['library', 'cli', 'api'] as const)(
    'started through the %s: the whole history decoded with the codec holds them only sealed and masked',
    async (entry) => {
      const { workflowId, secrets } = started[entry];
      const decoded = await decodedPayloadTexts(await rawHistory(workflowId), codec, CODEC_TOKEN);
      expect(decoded.length).toBeGreaterThan(5);
      expect(plaintextFindings(decoded, plaintextOf(secrets))).toEqual([]);
      const input = decoded.find((text) => text.includes(secrets.passwordEmail)) ?? '';
      expect(input).toContain(`"masked":"${maskPhoneNumber(secrets.phone)}"`);
      expect(input).toMatch(/"password":\{"sealed":"bss1\.[^"]+"\}/);
      expect(input).toMatch(/"verificationPhoneNumber":\{"sealed":"bss1\./);
    },
  );

  it('status and result through the CLI and the API hold neither', async () => {
    for (const { workflowId, secrets } of Object.values(started)) {
      const businessKey = workflowId.replace(/^box-sign-/, '');
      const outputs = [
        await runBuilt(BUILT.cli, ['status', workflowId, '--json'], starterEnv),
        await runBuilt(BUILT.cli, ['status', workflowId], starterEnv),
        await runBuilt(BUILT.cli, ['result', workflowId, '--json'], starterEnv),
      ];
      for (const output of outputs) expect(output.code).toBe(0);
      const apiAnswers = [
        await api.call('GET', `/v1/sign-requests/${businessKey}`),
        await api.call('GET', `/v1/sign-requests/${businessKey}/result`),
      ];
      const seen = [...outputs.map((o) => o.stdout + o.stderr), ...apiAnswers.map((a) => JSON.stringify(a.body))];
      expect(seen.join('\n')).toContain('signed');
      expect(plaintextFindings(seen, plaintextOf(secrets))).toEqual([]);
    }
  });

  it('the check is not vacuous: the same decoding reads a plaintext password in a request started unsealed', async () => {
    const s = secretsFor('unsealed');
    const { workflowId } = await startSignRequest(h.client, inputFor(s), {
      taskQueue: `${h.taskQueue}-idle`,
      sealing: { mode: 'insecure-plaintext' },
    });
    const decoded = await decodedPayloadTexts(await rawHistory(workflowId), codec, CODEC_TOKEN);
    expect(plaintextFindings(decoded, plaintextOf(s))).not.toEqual([]);
    await h.client.workflow.getHandle(workflowId).terminate('test over');
  });

  it('a secret sealed to a key the workers do not hold fails the create, naming the signer, with no Box call', async () => {
    const foreign = generateSealingSetup('retired-pair');
    const s = secretsFor('foreign');
    const input = inputFor(s);
    const { workflowId } = await startSignRequest(h.client, input, {
      taskQueue: h.taskQueue,
      sealing: foreign.sealing,
    });
    const failure = await h.result(workflowId).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause;
    expect(cause).toMatchObject({ type: ErrorType.SealedSecretUnreadable });
    expect(cause?.message).toContain('signers[0].verificationPhoneNumber was sealed with key id "retired-pair"');
    expect(plaintextFindings(cause?.message, plaintextOf(s))).toEqual([]);
    const creates = (await h.control.calls()).filter((c) => c.method === 'POST' && c.external_id === workflowId);
    expect(creates).toEqual([]);
  });
});
