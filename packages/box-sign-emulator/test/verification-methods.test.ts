import { createBody, EmulatorUnderTest, wrongCodeFor } from './helpers';

const PHONE = '+15551232190';

/**
 * Box's verification methods (`verification_method`, 2026) and templates, as the emulator plays them: a Box login
 * and a CAC/PIV card are control actions the signer must take before viewing, CAC/PIV needs the enterprise's
 * permission and a signing order with several signers, and a request from a template gets the template's signers.
 */
describe('verification methods and templates', () => {
  let emu: EmulatorUnderTest;
  beforeAll(async () => {
    emu = await EmulatorUnderTest.start();
  });
  afterAll(() => emu.stop());
  beforeEach(async () => {
    await emu.control('POST', '/reset');
  });

  const signers = (list: Record<string, unknown>[]) => ({ signers: list });

  it('answers verification_method per signer, null when none, and keeps the legacy fields beside it', async () => {
    const created = await emu.create(
      signers([
        { email: 'login@example.com', order: 1, verification_method: { type: 'login' } },
        { email: 'sms@example.com', order: 1, verification_method: { type: 'phone', phone_number: PHONE } },
        { email: 'legacy@example.com', order: 1, verification_phone_number: PHONE },
      ]),
    );
    const byEmail = Object.fromEntries(created.signers.map((s) => [s.email, s]));
    expect(byEmail['login@example.com']).toMatchObject({ verification_method: { type: 'login' } });
    expect(byEmail['sms@example.com']).toMatchObject({
      verification_method: { type: 'phone', phone_number: PHONE },
      verification_phone_number: null,
    });
    expect(byEmail['legacy@example.com']).toMatchObject({
      verification_method: null,
      verification_phone_number: PHONE,
    });
  });

  it('a login signer must log in before viewing or signing', async () => {
    const email = 'login@example.com';
    const { id } = await emu.create(signers([{ email, verification_method: { type: 'login' } }]));
    await emu.waitForStatus(id, 'sent');
    expect((await emu.signer(id, email, 'view')).body).toMatchObject({
      error: 'verification_required',
      needs: 'login',
    });
    expect((await emu.signer(id, email, 'sign')).status).toBe(403);
    expect((await emu.signer(id, email, 'login')).body).toMatchObject({ verified: true, needs: null });
    expect((await emu.signer(id, email, 'sign')).status).toBe(200);
  });

  it('legacy login_required asks for the same login', async () => {
    const email = 'legacy.login@example.com';
    const { id } = await emu.create(signers([{ email, login_required: true }]));
    await emu.waitForStatus(id, 'sent');
    expect((await emu.signer(id, email, 'view')).body).toMatchObject({ needs: 'login' });
    expect((await emu.signer(id, email, 'login')).status).toBe(200);
    expect((await emu.signer(id, email, 'view')).status).toBe(200);
  });

  it('a phone method texts its own number; a password beside it is asked first', async () => {
    const email = 'sms@example.com';
    const { id } = await emu.create(
      signers([{ email, password: 'pw', verification_method: { type: 'phone', phone_number: PHONE } }]),
    );
    await emu.waitForStatus(id, 'sent');
    expect((await emu.signer(id, email, 'sign')).body).toMatchObject({ needs: 'password' });
    expect((await emu.signer(id, email, 'verify', { password: 'pw' })).body).toMatchObject({ needs: 'sms_code' });
    expect((await emu.signer(id, email, 'send-code')).body).toMatchObject({ phone_number: PHONE });
    const code = await emu.latestCode(id, email);
    expect((await emu.signer(id, email, 'verify', { code: wrongCodeFor(code) })).status).toBe(403);
    expect((await emu.signer(id, email, 'verify', { code })).status).toBe(200);
    expect((await emu.signer(id, email, 'sign')).status).toBe(200);
  });

  it('cac_piv: refused without the enterprise permission, needs an order with several signers, then a card', async () => {
    const body = createBody(signers([{ email: 'card@example.com', verification_method: { type: 'cac_piv' } }]));
    const refused = await emu.box('POST', '/sign_requests', body);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      type: 'error',
      code: 'access_denied_insufficient_permissions',
      message: expect.stringContaining('cac_piv'),
    });
    expect((await emu.control('PUT', '/enterprise', { cac_piv_enabled: true })).body).toEqual({
      cac_piv_enabled: true,
    });

    const unordered = await emu.box(
      'POST',
      '/sign_requests',
      createBody(
        signers([
          { email: 'card@example.com', order: 1, verification_method: { type: 'cac_piv' } },
          { email: 'other@example.com' },
        ]),
      ),
    );
    expect(unordered.status).toBe(400);
    expect(unordered.body.message).toMatch(/signers\[1\]\.order/);

    const { id } = await emu.create(signers([{ email: 'card@example.com', verification_method: { type: 'cac_piv' } }]));
    await emu.waitForStatus(id, 'sent');
    expect((await emu.signer(id, 'card@example.com', 'view')).body).toMatchObject({ needs: 'cac_piv' });
    expect((await emu.signer(id, 'card@example.com', 'present-card', { valid: false })).body).toMatchObject({
      error: 'card_refused',
    });
    expect((await emu.signer(id, 'card@example.com', 'present-card')).status).toBe(200);
    expect((await emu.signer(id, 'card@example.com', 'sign')).status).toBe(200);
  });

  it('templates: listed and read as Box answers them, and a request from one gets its signers and documents', async () => {
    const made = await emu.control('POST', '/sign_templates', {
      name: 'NDA',
      source_file_ids: ['1234567890'],
      are_email_settings_locked: true,
      signers: [
        { role: 'signer', order: 1, label: 'Counterparty', is_phone_number_required: true },
        { email: 'legal@example.com', role: 'approver', order: 2, is_password_required: true, password: 'tpl-pw' },
      ],
    });
    expect(made.status).toBe(201);
    const templateId = made.body.id as string;
    const read = await emu.box('GET', `/sign_templates/${templateId}`);
    expect(read.body).toMatchObject({
      type: 'sign-template',
      id: templateId,
      are_email_settings_locked: true,
      additional_info: { non_editable: ['email_subject', 'email_message'], required: { signers: [['email'], []] } },
      signers: [
        { email: null, role: 'signer', order: 1, is_phone_number_required: true, verification_method: null },
        { email: 'legal@example.com', role: 'approver', is_password_required: true },
      ],
    });
    expect(JSON.stringify(read.body)).not.toContain('tpl-pw');
    expect((await emu.box('GET', '/sign_templates')).body).toMatchObject({ entries: [{ id: templateId }] });
    expect((await emu.box('GET', '/sign_templates/nope')).status).toBe(404);

    const fromTemplate = (list: Record<string, unknown>[]) => ({
      template_id: templateId,
      parent_folder: { type: 'folder', id: '987654321' },
      signers: list,
    });
    const missingPhone = await emu.box(
      'POST',
      '/sign_requests',
      fromTemplate([{ email: 'cp@example.com' }, { email: 'legal@example.com' }]),
    );
    expect(missingPhone.status).toBe(400);
    expect(missingPhone.body.message).toMatch(/signers\[0\]\.verification_phone_number.*template/);

    const created = await emu.box(
      'POST',
      '/sign_requests',
      fromTemplate([{ email: 'cp@example.com', verification_phone_number: PHONE }, { email: 'legal@example.com' }]),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ template_id: templateId, source_files: [], name: 'NDA.pdf' });
    const id = created.body.id as string;
    await emu.waitForStatus(id, 'sent');
    // The approver keeps the template's password; the counterparty's phone is the request's.
    const view = await emu.view(id);
    expect(view.signers.find((s) => s.email === 'legal@example.com')).toMatchObject({
      role: 'approver',
      needs: 'password',
    });
    expect((await emu.signer(id, 'cp@example.com', 'send-code')).body).toMatchObject({ phone_number: PHONE });
  });
});
