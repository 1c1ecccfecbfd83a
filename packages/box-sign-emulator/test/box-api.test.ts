import { DEV_TOKEN, EmulatorUnderTest, createBody } from './helpers';

const HELP_URL = 'https://developer.box.com/guides/api-calls/permissions-and-errors/common-errors/';

describe('emulator Box API surface', () => {
  let emu: EmulatorUnderTest;
  beforeAll(async () => {
    emu = await EmulatorUnderTest.start({ tokenTtlSeconds: 60 });
  });
  afterAll(() => emu.stop());

  const tokenRequest = (form: Record<string, string>) =>
    emu.call('POST', '/oauth2/token', {
      body: new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  const ccg = {
    grant_type: 'client_credentials',
    client_id: 'emulator-client-id',
    client_secret: 'emulator-client-secret',
    box_subject_type: 'enterprise',
    box_subject_id: '123',
  };

  it('401 ClientError without a valid bearer token', async () => {
    const none = await emu.call('GET', '/2.0/sign_requests');
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ type: 'error', status: 401, code: 'unauthorized' });
    const bad = await emu.call('GET', '/2.0/sign_requests', { headers: { authorization: 'Bearer nope' } });
    expect(bad.status).toBe(401);
    // A valid token with as-user naming one of the emulator's users (users.test.ts: an unknown one is a 403).
    const ok = await emu.call('GET', '/2.0/sign_requests', {
      headers: { authorization: `Bearer ${DEV_TOKEN}`, 'as-user': '20001' },
    });
    expect(ok.status).toBe(200);
  });

  it('issues client-credentials tokens that expire on the emulator clock', async () => {
    const res = await tokenRequest(ccg);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      access_token: expect.any(String),
      expires_in: 60,
      token_type: 'bearer',
      restricted_to: [],
    });
    const auth = { authorization: `Bearer ${res.body.access_token as string}` };
    expect((await emu.call('GET', '/2.0/sign_requests', { headers: auth })).status).toBe(200);
    await emu.advance({ ms: 61_000 });
    expect((await emu.call('GET', '/2.0/sign_requests', { headers: auth })).status).toBe(401);
  });

  it('token endpoint errors use the OAuth2Error shape', async () => {
    const badSecret = await tokenRequest({ ...ccg, client_secret: 'wrong' });
    expect(badSecret.status).toBe(400);
    expect(badSecret.body).toEqual({ error: 'invalid_grant', error_description: 'Grant credentials are invalid' });
    const badGrant = await tokenRequest({ ...ccg, grant_type: 'password' });
    expect(badGrant.status).toBe(400);
    expect(badGrant.body.error).toBe('unsupported_grant_type');
  });

  it('404 for an unknown sign request, with a full ClientError body', async () => {
    const res = await emu.box('GET', '/sign_requests/00000000-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.body).toEqual({
      type: 'error',
      status: 404,
      code: 'not_found',
      message: expect.any(String),
      context_info: null,
      help_url: HELP_URL,
      request_id: expect.stringMatching(/^[0-9a-f]{12,}$/),
    });
    expect((await emu.box('GET', '/no_such_thing')).body.code).toBe('not_found');
    const wrongMethod = await emu.box('DELETE', '/sign_requests');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.body.code).toBe('method_not_allowed');
  });

  it('returns the SignRequest shape Box returns', async () => {
    const created = await emu.box(
      'POST',
      '/sign_requests',
      createBody({
        external_id: 'wf-42',
        signers: [{ email: 'e@example.com', embed_url_external_user_id: 'u-1', signer_group_id: 'g' }],
        email_subject: 'Please sign',
        unknown_field: 'ignored',
      }),
    );
    expect(created.status).toBe(201);
    const sr = created.body;
    expect(sr).toMatchObject({
      type: 'sign-request',
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      short_id: expect.stringMatching(/^SR-\d+$/),
      status: 'converting',
      name: 'Contract.pdf',
      external_id: 'wf-42',
      email_subject: 'Please sign',
      are_text_signatures_enabled: true,
      request_flow: 'standard',
      error_code: null,
      collaborator_level: 'owner',
      sender_email: 'sender@emulator.box.test',
      sender_id: 11446498,
      template_id: null,
      prepare_url: null,
      source_files: [{ type: 'file', id: '1234567890', etag: '0' }],
      parent_folder: { type: 'folder', id: '987654321', etag: '0', sequence_id: '0', name: 'Sign Requests' },
      sign_files: {
        files: [
          {
            type: 'file',
            id: expect.stringMatching(/^\d+$/),
            name: 'Contract.pdf',
            sequence_id: '0',
            etag: '0',
            sha1: expect.stringMatching(/^[0-9a-f]{40}$/),
            file_version: { type: 'file_version', id: expect.stringMatching(/^\d+$/), sha1: expect.any(String) },
          },
        ],
        is_ready_for_download: false,
      },
    });
    expect(sr).not.toHaveProperty('unknown_field');
    expect(sr.signers[1]).toMatchObject({
      email: 'e@example.com',
      role: 'signer',
      signer_decision: null,
      inputs: [],
      attachments: null,
      signer_group_id: null,
      embed_url: expect.stringContaining(emu.url),
      iframeable_embed_url: expect.any(String),
    });
    expect(sr.signers[0].embed_url).toBeNull();
    expect(Object.keys(sr as object)).toEqual(
      expect.arrayContaining([
        'auto_expire_at',
        'created_at',
        'finished_at',
        'signing_log',
        'is_phone_verification_required_to_view',
      ]),
    );
  });

  it('template requests have no source files; an unknown template is not found', async () => {
    const made = await emu.control('POST', '/sign_templates', { signers: [{ role: 'signer', order: 1 }] });
    const templateId = made.body.id as string;
    const created = await emu.box('POST', '/sign_requests', {
      template_id: templateId,
      parent_folder: { type: 'folder', id: '5' },
      signers: [{ email: 't@example.com' }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ template_id: templateId, source_files: [], name: 'Sign Request.pdf' });
    const unknown = await emu.box('POST', '/sign_requests', {
      template_id: 'tmpl-1',
      parent_folder: { type: 'folder', id: '5' },
      signers: [{ email: 't@example.com' }],
    });
    expect(unknown.status).toBe(404);
  });

  it.each([
    ["'signers' must be a non-empty array", { signers: [] }],
    [
      "'signers[1].email' must be a valid email address",
      { signers: [{ email: 'a@example.com' }, { email: 'not-an-email' }] },
    ],
    ["'signers[0].role'", { signers: [{ email: 'a@example.com', role: 'boss' }] }],
    ["'signers[0].order'", { signers: [{ email: 'a@example.com', order: -1 }] }],
    ["'signers[0].order'", { signers: [{ email: 'a@example.com', order: 1.5 }] }],
    [
      "'signers[0].verification_phone_number'",
      { signers: [{ email: 'a@example.com', verification_phone_number: '12ab' }] },
    ],
    ["'signers[0].password'", { signers: [{ email: 'a@example.com', password: '' }] }],
    [
      "'signers[0].verification_phone_number' is not allowed for a final_copy_reader",
      { signers: [{ email: 'a@example.com', role: 'final_copy_reader', verification_phone_number: '+15551232190' }] },
    ],
    ["'signers[0].password'", { signers: [{ email: 'a@example.com', role: 'final_copy_reader', password: 'x' }] }],
    ["'source_files'", { source_files: [] }],
    ["'source_files'", { source_files: Array.from({ length: 11 }, (_, i) => ({ type: 'file', id: String(i + 1) })) }],
    ["'source_files[0].type'", { source_files: [{ type: 'folder', id: '1' }] }],
    ["'parent_folder.id' cannot be '0'", { parent_folder: { type: 'folder', id: '0' } }],
    ["'days_valid' must be an integer between 0 and 730", { days_valid: 731 }],
    ["'days_valid'", { days_valid: -1 }],
    [
      "'signers' must contain at most 35",
      { signers: Array.from({ length: 36 }, (_, i) => ({ email: `s${i}@example.com` })) },
    ],
  ])('400 naming the field: %s', async (message, overrides) => {
    const res = await emu.box('POST', '/sign_requests', createBody(overrides));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'error', status: 400, code: 'bad_request', help_url: HELP_URL });
    expect(res.body.message).toContain(message);
  });

  it('accepts E.164 and bare-digit phone numbers', async () => {
    for (const phone of ['+15551232190', '6314578901', '+447700900123']) {
      const res = await emu.box(
        'POST',
        '/sign_requests',
        createBody({ signers: [{ email: 'p@example.com', verification_phone_number: phone }] }),
      );
      expect(res.status).toBe(201);
    }
  });

  it('400 on invalid JSON', async () => {
    const res = await emu.call('POST', '/2.0/sign_requests', {
      body: '{"signers": [',
      headers: { authorization: `Bearer ${DEV_TOKEN}`, 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('bad_request');
  });
});
