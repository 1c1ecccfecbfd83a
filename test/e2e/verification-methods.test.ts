import { randomUUID } from 'node:crypto';
import type { SignRequestInput } from '../../contracts';
import { clientScopedWorkflowId, maskPhoneNumber } from '../../contracts';
import type { RunningCodecServer } from '../../encryption/codec-server';
import { startCodecServer } from '../../encryption/codec-server';
import type { ApiCallResult, ApiRig } from '../support/api-rig';
import { startApiRig } from '../support/api-rig';
import { decodedPayloadTexts } from '../support/codec-decoded';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { plaintextFindings, rawHistory } from '../support/plaintext-search';
import { eventually } from '../support/signers';

/** The id the API starts this suite's client's requests under. */
const apiWorkflowId = (businessKey: string) => clientScopedWorkflowId('client-a', businessKey);

const CODEC_TOKEN = `codec-${randomUUID()}`;
const PASSWORD = 'methods-e2e Password!';

/**
 * Every verification Box offers, through the HTTP API against the emulator: a Box login, a CAC/PIV card (with and
 * without the enterprise's permission), an SMS code given as a method beside a legacy phone signer, a password with
 * each; and a request from a Box Sign template, checked against the template before anything is created.
 */
describe('verification methods and templates, through the API (real Temporal, emulator over HTTP)', () => {
  let h: Harness;
  let api: ApiRig;
  let codec: RunningCodecServer;
  beforeAll(async () => {
    h = await startHarness();
    api = await startApiRig(h);
    codec = await startCodecServer({
      keyRing: h.keyRing,
      authToken: CODEC_TOKEN,
      allowedOrigins: ['http://localhost:8233'],
      acceptTokenInPath: false,
    });
  }, 60_000);
  afterAll(async () => {
    await codec?.stop();
    await api?.stop();
    await h?.teardown();
  });

  async function create(input: SignRequestInput): Promise<string> {
    const created = await api.call('POST', '/v1/sign-requests', { body: input });
    expect(created.status).toBe(201);
    return (created.body as { signRequestId: string }).signRequestId;
  }

  async function resultOf(input: SignRequestInput): Promise<ApiCallResult['body']> {
    const answer = await eventually(
      () => api.call('GET', `/v1/sign-requests/${input.businessKey}/result?waitSeconds=5`),
      (r) => r.status === 200,
      30_000,
    );
    return answer.body.result;
  }

  async function boxSigner(id: string, email: string): Promise<Record<string, unknown>> {
    const request = (await h.control.request(id)).sign_request as unknown as { signers: Record<string, unknown>[] };
    return request.signers.find((s) => s.email === email) ?? {};
  }

  it('a login signer with a password: password, then a Box login, then signing; every reader says what was required', async () => {
    const email = 'login.signer@example.com';
    const input = signRequest({ signers: [{ email, verificationMethod: { type: 'login' }, password: PASSWORD }] });
    const id = await create(input);
    expect(await boxSigner(id, email)).toMatchObject({ verification_method: { type: 'login' } });

    expect((await h.control.signer(id, email, 'view')).body).toMatchObject({ needs: 'password' });
    expect((await h.control.signer(id, email, 'verify', { password: PASSWORD })).status).toBe(200);
    expect((await h.control.signer(id, email, 'view')).body).toMatchObject({ needs: 'login' });
    expect((await h.control.signer(id, email, 'sign')).status).toBe(403);
    expect((await h.control.signer(id, email, 'login')).status).toBe(200);
    expect((await h.control.signer(id, email, 'sign')).status).toBe(200);

    const required = [{ type: 'login' }, { type: 'password' }];
    const result = await resultOf(input);
    expect(result).toMatchObject({ outcome: 'signed', signers: [{ email, verification: required }] });
    const status = await api.call('GET', `/v1/sign-requests/${input.businessKey}`);
    expect((status.body.signers as { email: string }[]).find((s) => s.email === email)).toMatchObject({
      verification: required,
    });
  });

  it('a cac_piv signer is refused by Box without the enterprise permission: a typed failure that says why', async () => {
    await h.control.setEnterprise({ cac_piv_enabled: false });
    const input = signRequest({
      signers: [{ email: 'card.refused@example.com', verificationMethod: { type: 'cac_piv' } }],
    });
    const answer = await api.call('POST', '/v1/sign-requests', { body: input });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      type: 'urn:box-sign:problem:box-rejected',
      failureType: 'VerificationMethodNotPermitted',
      detail: expect.stringContaining(
        'signers[0].verificationMethod cac_piv: the enterprise does not have the CAC/PIV',
      ),
    });
    const status = await api.call('GET', `/v1/sign-requests/${input.businessKey}`);
    expect(status.body).toMatchObject({ phase: 'failed', failureType: 'VerificationMethodNotPermitted' });
  });

  it('with the permission, cac_piv signers (one with a password) present their card and sign in order', async () => {
    await h.control.setEnterprise({ cac_piv_enabled: true });
    try {
      const [first, second] = ['card.one@example.com', 'card.two@example.com'];
      const input = signRequest({
        signers: [
          { email: first, order: 1, verificationMethod: { type: 'cac_piv' }, password: PASSWORD },
          { email: second, order: 2, verificationMethod: { type: 'cac_piv' } },
        ],
      });
      const id = await create(input);
      expect(await boxSigner(id, first)).toMatchObject({ verification_method: { type: 'cac_piv' } });
      expect((await h.control.signer(id, first, 'verify', { password: PASSWORD })).status).toBe(200);
      expect((await h.control.signer(id, first, 'sign')).body).toMatchObject({ needs: 'cac_piv' });
      expect((await h.control.signer(id, first, 'present-card', { valid: false })).status).toBe(403);
      expect((await h.control.signer(id, first, 'present-card')).status).toBe(200);
      expect((await h.control.signer(id, first, 'sign')).status).toBe(200);
      await eventually(
        () => h.control.request(id),
        (r) => r.signers.find((s) => s.email === second)?.invited === true,
      );
      expect((await h.control.signer(id, second, 'present-card')).status).toBe(200);
      expect((await h.control.signer(id, second, 'sign')).status).toBe(200);

      const result = await resultOf(input);
      expect(result).toMatchObject({
        outcome: 'signed',
        signers: [
          { email: first, verification: [{ type: 'cac_piv' }, { type: 'password' }] },
          { email: second, verification: [{ type: 'cac_piv' }] },
        ],
      });
    } finally {
      await h.control.setEnterprise({ cac_piv_enabled: false });
    }
  });

  it('a legacy phone signer beside a verificationMethod phone signer (with a password): both texted, both masked, neither phone in history', async () => {
    const legacy = { email: 'legacy.phone@example.com', phone: '+15557770101' };
    const method = { email: 'method.phone@example.com', phone: '+447700900777' };
    const input = signRequest({
      signers: [
        { email: legacy.email, verificationPhoneNumber: legacy.phone },
        { email: method.email, verificationMethod: { type: 'phone', phoneNumber: method.phone }, password: PASSWORD },
      ],
    });
    const id = await create(input);
    expect(await boxSigner(id, legacy.email)).toMatchObject({
      verification_phone_number: legacy.phone,
      verification_method: null,
    });
    expect(await boxSigner(id, method.email)).toMatchObject({
      verification_method: { type: 'phone', phone_number: method.phone },
    });

    expect((await h.control.signer(id, method.email, 'verify', { password: PASSWORD })).status).toBe(200);
    for (const { email, phone } of [legacy, method]) {
      const sent = await h.control.signer(id, email, 'send-code');
      expect(sent.body).toMatchObject({ phone_number: phone });
      const code = await h.control.latestCode(id, email);
      expect((await h.control.signer(id, email, 'verify', { code })).status).toBe(200);
      expect((await h.control.signer(id, email, 'sign')).status).toBe(200);
    }

    const result = await resultOf(input);
    expect(result).toMatchObject({
      outcome: 'signed',
      signers: [
        { email: legacy.email, verification: [{ type: 'phone', maskedPhone: maskPhoneNumber(legacy.phone) }] },
        {
          email: method.email,
          verification: [{ type: 'phone', maskedPhone: maskPhoneNumber(method.phone) }, { type: 'password' }],
        },
      ],
    });
    const workflowId = apiWorkflowId(input.businessKey);
    const decoded = await decodedPayloadTexts(await rawHistory(workflowId), codec, CODEC_TOKEN);
    const secrets = [legacy.phone, legacy.phone.slice(1), method.phone, method.phone.slice(1), PASSWORD];
    expect(plaintextFindings(decoded, secrets)).toEqual([]);
    const started = decoded.find((text) => text.includes(method.email)) ?? '';
    expect(started).toMatch(/"verificationMethod":\{"type":"phone","phoneNumber":\{"sealed":"bss1\.[^"]+","masked"/);
  });

  describe('a request from a Box Sign template', () => {
    let templateId: string;
    beforeAll(async () => {
      const template = await h.control.addTemplate({
        name: 'Lease template',
        source_file_ids: ['1234567890'],
        signers: [
          { role: 'signer', order: 1, label: 'Tenant', is_phone_number_required: true },
          { role: 'signer', order: 2, label: 'Guarantor', is_password_required: true },
        ],
      });
      templateId = template.id;
    });

    function fromTemplate(signers: SignRequestInput['signers']): SignRequestInput {
      const { sourceFiles: _omitted, ...rest } = signRequest({ signers });
      return { ...rest, templateId };
    }

    it('that the input does not fit (a template signer requires a phone) is refused before any create', async () => {
      const callsBefore = (await h.control.calls()).length;
      const input = fromTemplate([
        { email: 'tenant.nophone@example.com' },
        { email: 'guarantor.a@example.com', password: PASSWORD },
      ]);
      const answer = await api.call('POST', '/v1/sign-requests', { body: input });
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({
        type: 'urn:box-sign:problem:template-mismatch',
        failureType: 'TemplateMismatch',
        detail: expect.stringContaining('template signer 1 (signer, order 1) requires a phone'),
      });
      expect(JSON.stringify(answer.body)).not.toContain('tenant.nophone@example.com');
      const calls = (await h.control.calls()).slice(callsBefore);
      expect(calls.some((c) => c.method === 'GET' && c.path === `/2.0/sign_templates/${templateId}`)).toBe(true);
      expect(calls.filter((c) => c.method === 'POST' && c.path === '/2.0/sign_requests')).toEqual([]);
    });

    it('that fits is created from the template, as Box does', async () => {
      const tenant = 'tenant.ok@example.com';
      const input = fromTemplate([
        { email: tenant, verificationMethod: { type: 'phone', phoneNumber: '+15557770202' } },
        { email: 'guarantor.b@example.com', password: PASSWORD },
      ]);
      const id = await create(input);
      const onBox = (await h.control.request(id)).sign_request;
      expect(onBox).toMatchObject({ template_id: templateId, source_files: [] });
      expect(await boxSigner(id, tenant)).toMatchObject({ order: 1, verification_method: { type: 'phone' } });
    });
  });
});
