import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toBoxCreateBody } from '../../activities/to-box-create-body';
import { createBoxSignClient } from '../../box/sign-client';
import { EmulatorControl, startEmulator, type RunningEmulator } from 'box-sign-emulator';
import { schemaErrors } from '../support/box-openapi';

const TOKEN = 'emulator-developer-token';
/** The developer token calls carry: TOKEN until the clock moves past its 60 minutes, then a newly minted one. */
let token = TOKEN;

const createBody = {
  signers: [
    { email: 'phone@example.com', role: 'signer', order: 1, verification_phone_number: '+15551232190' },
    { email: 'pw@example.com', role: 'signer', order: 2, password: 'secret-pw' },
  ],
  source_files: [{ type: 'file', id: '1234567890' }],
  parent_folder: { type: 'folder', id: '987654321' },
  name: 'Contract',
  days_valid: 30,
  external_id: 'box-sign-contract',
  is_phone_verification_required_to_view: true,
};

describe('the emulator and the client agree with Box’s OpenAPI spec', () => {
  let emulator: RunningEmulator;
  let control: EmulatorControl;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, conversionDelayMs: 0, finalizingDelayMs: 0 });
    control = new EmulatorControl(emulator.url);
  });
  afterAll(() => emulator.stop());

  async function box(method: string, path: string, body?: unknown, bearer: string | null = token) {
    const response = await fetch(`${emulator.url}/2.0${path}`, {
      method,
      headers: {
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }

  it('create, get at every stage, list and cancel answer SignRequest / SignRequests', async () => {
    const created = await box('POST', '/sign_requests', createBody);
    expect(created.status).toBe(201);
    expect(schemaErrors('SignRequest', created.json)).toEqual([]);
    expect(created.text).not.toContain('secret-pw');
    const id = (created.json as { id: string }).id;

    const stages: unknown[] = [];
    stages.push((await box('GET', `/sign_requests/${id}`)).json);
    await control.signer(id, 'phone@example.com', 'send-code');
    const code = await control.latestCode(id, 'phone@example.com');
    await control.signer(id, 'phone@example.com', 'verify', { code });
    await control.signer(id, 'phone@example.com', 'view');
    stages.push((await box('GET', `/sign_requests/${id}`)).json);
    await control.signer(id, 'phone@example.com', 'sign');
    await control.signer(id, 'pw@example.com', 'verify', { password: 'secret-pw' });
    await control.signer(id, 'pw@example.com', 'sign');
    const signed = await box('GET', `/sign_requests/${id}`);
    stages.push(signed.json);
    expect((signed.json as { status: string }).status).toBe('signed');
    for (const stage of stages) expect(schemaErrors('SignRequest', stage)).toEqual([]);

    const other = (await box('POST', '/sign_requests', { ...createBody, external_id: 'other' })).json as { id: string };
    const cancelled = await box('POST', `/sign_requests/${other.id}/cancel`, { reason: 'changed my mind' });
    expect(cancelled.status).toBe(200);
    expect(schemaErrors('SignRequest', cancelled.json)).toEqual([]);

    const list = await box('GET', '/sign_requests?limit=1');
    expect(schemaErrors('SignRequests', list.json)).toEqual([]);
  });

  it('preparation, template, declined and expired requests answer SignRequest too', async () => {
    const prep = await box('POST', '/sign_requests', { ...createBody, is_document_preparation_needed: true });
    expect(
      schemaErrors('SignRequest', (await box('GET', `/sign_requests/${(prep.json as { id: string }).id}`)).json),
    ).toEqual([]);
    const { source_files: _omitted, ...withoutFiles } = createBody;
    const made = await control.addTemplate({
      name: 'Contract template',
      source_file_ids: ['1234567890'],
      are_email_settings_locked: true,
      signers: [
        { role: 'signer', order: 1, label: 'Phone', is_phone_number_required: true },
        { email: 'pw@example.com', role: 'signer', order: 2, is_password_required: true, password: 'tpl-pw' },
      ],
    });
    const read = await box('GET', `/sign_templates/${made.id}`);
    expect(schemaErrors('SignTemplate', read.json)).toEqual([]);
    expect(schemaErrors('SignTemplates', (await box('GET', '/sign_templates')).json)).toEqual([]);
    const template = await box('POST', '/sign_requests', { ...withoutFiles, template_id: made.id });
    expect(template.status).toBe(201);
    expect(schemaErrors('SignRequest', template.json)).toEqual([]);

    const declined = (await box('POST', '/sign_requests', createBody)).json as { id: string };
    await control.signer(declined.id, 'phone@example.com', 'send-code');
    const code = await control.latestCode(declined.id, 'phone@example.com');
    await control.signer(declined.id, 'phone@example.com', 'verify', { code });
    await control.signer(declined.id, 'phone@example.com', 'decline', { reason: 'no' });
    expect(schemaErrors('SignRequest', (await box('GET', `/sign_requests/${declined.id}`)).json)).toEqual([]);

    const expiring = (await box('POST', '/sign_requests', { ...createBody, days_valid: 1 })).json as { id: string };
    await control.advanceClock({ days: 2 });
    token = (await control.mintDeveloperToken()).developer_token;
    const expired = await box('GET', `/sign_requests/${expiring.id}`);
    expect((expired.json as { status: string }).status).toBe('expired');
    expect(schemaErrors('SignRequest', expired.json)).toEqual([]);
  });

  it('users/me (the start-up check) answers User, in full or with the fields asked for', async () => {
    const full = await box('GET', '/users/me');
    expect(full.status).toBe(200);
    expect(schemaErrors('User', full.json)).toEqual([]);
    const asked = await box('GET', '/users/me?fields=id,type,name');
    expect(schemaErrors('User', asked.json)).toEqual([]);
    expect(Object.keys(asked.json as object).sort()).toEqual(['id', 'name', 'type']);
    expect((await box('GET', '/users/me', undefined, 'wrong-token')).status).toBe(401);
  });

  it('resend answers 202 with an empty body', async () => {
    const created = (await box('POST', '/sign_requests', createBody)).json as { id: string };
    await control.advanceClock({ ms: 11 * 60_000 });
    const resent = await box('POST', `/sign_requests/${created.id}/resend`);
    expect(resent.status).toBe(202);
    expect(resent.text).toBe('');
  });

  it('every error is a ClientError with a request_id; the token endpoint answers AccessToken / OAuth2Error', async () => {
    const errors = [
      await box('POST', '/sign_requests', { signers: [{ email: 'nope' }] }),
      await box('GET', '/sign_requests/does-not-exist'),
      await box('GET', '/sign_requests', undefined, null),
      await box('DELETE', '/sign_requests'),
    ];
    expect(errors.map((e) => e.status)).toEqual([400, 404, 401, 405]);
    for (const error of errors) {
      expect(schemaErrors('ClientError', error.json)).toEqual([]);
      expect(error.json).toMatchObject({ type: 'error', request_id: expect.any(String) });
    }

    const token = (grant: Record<string, string>) =>
      fetch(`${emulator.url}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(grant).toString(),
      }).then(async (r) => ({ status: r.status, json: await r.json() }));
    const grant = {
      grant_type: 'client_credentials',
      client_id: 'emulator-client-id',
      client_secret: 'emulator-client-secret',
      box_subject_type: 'enterprise',
      box_subject_id: '123',
    };
    const ok = await token(grant);
    expect(ok.status).toBe(200);
    expect(schemaErrors('AccessToken', ok.json)).toEqual([]);
    const bad = await token({ ...grant, client_secret: 'wrong' });
    expect(bad.status).toBe(400);
    expect(schemaErrors('OAuth2Error', bad.json)).toEqual([]);
  });

  it('what the client sends on create and cancel is a SignRequestCreateRequest / SignRequestCancelRequest', async () => {
    const received: { path: string; body: unknown }[] = [];
    const canned = (await box('POST', '/sign_requests', createBody)).text;
    const capture = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body: raw === '' ? undefined : JSON.parse(raw) });
        res.writeHead(req.url?.endsWith('/cancel') ? 200 : 201, { 'content-type': 'application/json' }).end(canned);
      });
    });
    await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(capture.address() as AddressInfo).port}`;
    try {
      const client = createBoxSignClient({
        apiBaseUrl: `${base}/2.0`,
        uploadBaseUrl: `${base}/api/2.0`,
        tokenUrl: `${base}/oauth2/token`,
        auth: { kind: 'developer-token', token: TOKEN },
        timeoutMs: 5_000,
      });
      const body = toBoxCreateBody(
        {
          businessKey: 'k1',
          sourceFiles: [{ id: '1' }, { id: '2' }],
          parentFolder: { id: '3' },
          name: 'Full',
          emailSubject: 'Please sign',
          emailMessage: '<b>Thanks</b>',
          daysValid: 10,
          areRemindersEnabled: true,
          areTextSignaturesEnabled: false,
          isDocumentPreparationNeeded: false,
          isPhoneVerificationRequiredToView: true,
          redirectUrl: 'https://example.com/done',
          declinedRedirectUrl: 'https://example.com/declined',
          externalSystemName: 'ERP',
          signatureColor: 'blue',
          prefillTags: [{ documentTagId: 'tag', textValue: 'v' }],
          signers: [
            { email: 'a@example.com', order: 1, verificationPhoneNumber: '+15551232190', language: 'en' },
            { email: 'b@example.com', order: 2, password: 'pw', embedUrlExternalUserId: 'u-2', isInPerson: false },
          ],
        },
        'box-sign-k1',
      );
      await client.createSignRequest(body);
      await client.cancelSignRequest('abc', {});
      await client.cancelSignRequest('abc', { reason: 'why' });
    } finally {
      capture.close();
    }
    const [create, cancelEmpty, cancelReason] = received;
    expect(create?.path).toBe('/2.0/sign_requests');
    expect(schemaErrors('SignRequestCreateRequest', create?.body)).toEqual([]);
    expect(cancelEmpty?.body).toEqual({});
    expect(schemaErrors('SignRequestCancelRequest', cancelEmpty?.body)).toEqual([]);
    expect(schemaErrors('SignRequestCancelRequest', cancelReason?.body)).toEqual([]);
  });

  it('the validator is not a rubber stamp: it rejects a status Box does not know and a malformed error body', () => {
    expect(
      schemaErrors('SignRequest', { type: 'sign-request', id: 'x', status: 'almost-signed', signers: [] }),
    ).not.toEqual([]);
    expect(schemaErrors('ClientError', { type: 'error', status: '400' })).not.toEqual([]);
  });
});
