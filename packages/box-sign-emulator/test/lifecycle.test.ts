import { EmulatorUnderTest, SENDER, createBody } from './helpers';

describe('emulator lifecycle', () => {
  let emu: EmulatorUnderTest;
  beforeAll(async () => {
    emu = await EmulatorUnderTest.start();
  });
  afterAll(() => emu.stop());

  it('goes converting → sent → viewed → finalizing → signed', async () => {
    const created = await emu.create({ external_id: 'ext-1' });
    expect(created.status).toBe('converting');
    expect(created.signers.map((s) => [s.email, s.role, s.order])).toEqual([
      [SENDER, 'final_copy_reader', 0],
      ['signer@example.com', 'signer', 1],
    ]);
    expect(created.signing_log).toBeNull();
    expect(created.sign_files?.is_ready_for_download).toBe(false);
    expect(created.finished_at).toBeNull();

    await emu.waitForStatus(created.id, 'sent');
    const before = await emu.view(created.id);
    expect(before.signers[1]).toMatchObject({ email: 'signer@example.com', invited: true, verified: true });
    expect(before.last_sent_at).toEqual(expect.any(String));

    expect((await emu.signer(created.id, 'signer@example.com', 'view')).status).toBe(200);
    const viewed = await emu.get(created.id);
    expect(viewed.status).toBe('viewed');
    expect(viewed.signers[1]?.has_viewed_document).toBe(true);

    const versionBefore = viewed.sign_files?.files[0]?.file_version?.id;
    const signed = await emu.signer(created.id, 'signer@example.com', 'sign');
    expect(signed.status).toBe(200);
    expect(signed.body.sign_request.status).toBe('finalizing');
    expect(signed.body.sign_request.sign_files.files[0].file_version.id).not.toBe(versionBefore);

    const done = await emu.waitForStatus(created.id, 'signed');
    expect(done.finished_at).toEqual(expect.any(String));
    expect(done.signing_log).toMatchObject({
      type: 'file',
      id: expect.stringMatching(/^\d+$/),
      name: 'Contract Signing Log.pdf',
    });
    expect(done.sign_files?.is_ready_for_download).toBe(true);
    expect(done.signers[1]?.signer_decision).toMatchObject({ type: 'signed', finalized_at: expect.any(String) });
  });

  it('invites signers in order groups and only invited signers can act', async () => {
    const created = await emu.create({
      signers: [
        { email: 'a@example.com', order: 1 },
        { email: 'b@example.com', order: 1 },
        { email: 'c@example.com', order: 2 },
      ],
    });
    await emu.waitForStatus(created.id, 'sent');
    const invited = async () =>
      Object.fromEntries((await emu.view(created.id)).signers.map((s) => [s.email, s.invited]));
    expect(await invited()).toEqual({
      [SENDER]: false,
      'a@example.com': true,
      'b@example.com': true,
      'c@example.com': false,
    });

    const early = await emu.signer(created.id, 'c@example.com', 'sign');
    expect(early.status).toBe(409);
    expect(early.body.error).toBe('not_invited');

    expect((await emu.signer(created.id, 'a@example.com', 'sign')).status).toBe(200);
    expect((await invited())['c@example.com']).toBe(false);
    expect((await emu.signer(created.id, 'b@example.com', 'sign')).status).toBe(200);
    expect((await invited())['c@example.com']).toBe(true);
    expect((await emu.signer(created.id, 'c@example.com', 'sign')).status).toBe(200);
    await emu.waitForStatus(created.id, 'signed');
  });

  it('a decline ends the request and later signers are never invited', async () => {
    const created = await emu.create({
      signers: [
        { email: 'first@example.com', order: 1 },
        { email: 'second@example.com', order: 2 },
      ],
    });
    await emu.waitForStatus(created.id, 'sent');
    const declined = await emu.signer(created.id, 'first@example.com', 'decline', { reason: 'wrong amount' });
    expect(declined.status).toBe(200);

    const after = await emu.get(created.id);
    expect(after.status).toBe('declined');
    expect(after.finished_at).toEqual(expect.any(String));
    expect(after.signers[1]?.signer_decision).toMatchObject({ type: 'declined', additional_info: 'wrong amount' });
    const second = (await emu.view(created.id)).signers.find(
      (s: { email: string }) => s.email === 'second@example.com',
    );
    expect(second).toMatchObject({ invited: false, invited_at: null, decision: null });

    const late = await emu.signer(created.id, 'second@example.com', 'sign');
    expect(late.status).toBe(409);
    expect(late.body).toEqual({ error: 'not_actionable', status: 'declined' });
  });

  it('a request needing preparation stays created until prepared through the control API', async () => {
    const created = await emu.create({ is_document_preparation_needed: true });
    expect(created.prepare_url).toEqual(expect.stringContaining(`/_emulator/sign_requests/${created.id}/prepare`));
    await emu.waitForStatus(created.id, 'created');
    expect((await emu.view(created.id)).signers[1]?.invited).toBe(false);
    expect((await emu.signer(created.id, 'signer@example.com', 'view')).status).toBe(409);

    const prepared = await emu.control('POST', `/sign_requests/${created.id}/prepare`);
    expect(prepared.status).toBe(200);
    expect(prepared.body.sign_request.status).toBe('sent');
    expect(prepared.body.signers[1].invited).toBe(true);

    const again = await emu.control('POST', `/sign_requests/${created.id}/prepare`);
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: 'not_preparable', status: 'sent' });
  });

  it('expires when auto_expire_at passes on the emulator clock', async () => {
    const created = await emu.create({ days_valid: 3 });
    expect(created.days_valid).toBe(3);
    expect(Date.parse(created.auto_expire_at ?? '') - Date.parse(created.created_at ?? '')).toBe(3 * 86_400_000);
    await emu.waitForStatus(created.id, 'sent');
    await emu.advance({ days: 2 });
    expect((await emu.get(created.id)).status).toBe('sent');
    await emu.advance({ days: 1, ms: 1 });
    expect((await emu.get(created.id)).status).toBe('expired');
    expect((await emu.signer(created.id, 'signer@example.com', 'view')).status).toBe(409);
  });

  it('without days_valid there is no expiry and days_valid reads 0', async () => {
    const created = await emu.create();
    expect(created.days_valid).toBe(0);
    expect(created.auto_expire_at).toBeNull();
  });

  it('cancel works while sent (reason stored) and is refused while converting and once finished', async () => {
    // A conversion that takes a minute on the emulator clock, so that the refusal does not race the real clock.
    const slow = await EmulatorUnderTest.start({ conversionDelayMs: 60_000 });
    try {
      const converting = await slow.create();
      const refused = await slow.box('POST', `/sign_requests/${converting.id}/cancel`, {});
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ type: 'error', status: 400, code: 'bad_request' });

      await slow.advance({ ms: 60_000 });
      await slow.waitForStatus(converting.id, 'sent');
      const cancelled = await slow.box('POST', `/sign_requests/${converting.id}/cancel`, {
        reason: 'changed our mind',
      });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ type: 'sign-request', id: converting.id, status: 'cancelled' });
      expect((await slow.view(converting.id)).cancel_reason).toBe('changed our mind');

      const twice = await slow.box('POST', `/sign_requests/${converting.id}/cancel`, {});
      expect(twice.status).toBe(400);
      expect((await slow.box('POST', '/sign_requests/nope/cancel', {})).status).toBe(404);
    } finally {
      await slow.stop();
    }
  });

  it('resend: 202 with an empty body, 400 within 10 minutes, 202 again after 11 minutes', async () => {
    const created = await emu.create();
    const early = await emu.box('POST', `/sign_requests/${created.id}/resend`);
    expect(early.status).toBe(400);
    await emu.waitForStatus(created.id, 'sent');
    await emu.advance({ ms: 10 * 60_000 });

    const first = await emu.box('POST', `/sign_requests/${created.id}/resend`);
    expect(first.status).toBe(202);
    expect(first.text).toBe('');

    const tooSoon = await emu.box('POST', `/sign_requests/${created.id}/resend`);
    expect(tooSoon.status).toBe(400);
    expect(tooSoon.body).toMatchObject({ code: 'bad_request', message: expect.stringContaining('10 minutes') });

    await emu.advance({ ms: 11 * 60_000 });
    expect((await emu.box('POST', `/sign_requests/${created.id}/resend`)).status).toBe(202);
    expect((await emu.view(created.id)).resend_count).toBe(2);
  });

  it('resend is refused right after the creation send and on finished requests', async () => {
    const created = await emu.create();
    await emu.waitForStatus(created.id, 'sent');
    expect((await emu.box('POST', `/sign_requests/${created.id}/resend`)).status).toBe(400);
    await emu.box('POST', `/sign_requests/${created.id}/cancel`, {});
    await emu.advance({ ms: 11 * 60_000 });
    expect((await emu.box('POST', `/sign_requests/${created.id}/resend`)).status).toBe(400);
  });

  it('force-status puts a request into an error state with an error_code', async () => {
    const created = await emu.create();
    await emu.waitForStatus(created.id, 'sent');
    const forced = await emu.control('POST', `/sign_requests/${created.id}/force-status`, {
      status: 'error_sending',
      error_code: 'delivery_failed',
    });
    expect(forced.status).toBe(200);
    const after = await emu.get(created.id);
    expect(after).toMatchObject({ status: 'error_sending', error_code: 'delivery_failed' });
    expect((await emu.box('POST', `/sign_requests/${created.id}/cancel`, {})).status).toBe(400);
  });

  it('a sender who lists themselves is not added a second time', async () => {
    const created = await emu.create(
      createBody({
        signers: [
          { email: SENDER.toUpperCase(), order: 1 },
          { email: 'x@example.com', order: 2 },
        ],
      }),
    );
    expect(created.signers.map((s) => s.email)).toEqual([SENDER.toUpperCase(), 'x@example.com']);
  });
});
