import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorUnderTest, wrongCodeFor } from './helpers';

const PHONE = '+15551232190';

describe('emulator signer verification', () => {
  let emu: EmulatorUnderTest;
  beforeAll(async () => {
    emu = await EmulatorUnderTest.start();
  });
  afterAll(() => emu.stop());

  async function sentRequest(signer: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<string> {
    const created = await emu.create({ signers: [{ email: 'v@example.com', order: 1, ...signer }], ...extra });
    await emu.waitForStatus(created.id, 'sent');
    return created.id;
  }

  it('with is_phone_verification_required_to_view the SMS code is needed before viewing (and is texted on view)', async () => {
    const id = await sentRequest(
      { verification_phone_number: PHONE },
      { is_phone_verification_required_to_view: true },
    );
    const view = await emu.signer(id, 'v@example.com', 'view');
    expect(view.status).toBe(403);
    expect(view.body).toEqual({ error: 'verification_required', needs: 'sms_code' });

    const outbox = await emu.control('GET', `/outbox?sign_request_id=${id}&email=v%40example.com`);
    expect(outbox.body.messages).toEqual([
      {
        sign_request_id: id,
        email: 'v@example.com',
        phone_number: PHONE,
        code: expect.stringMatching(/^\d{6}$/),
        sent_at: expect.any(String),
      },
    ]);
    const code = await emu.latestCode(id, 'v@example.com');
    expect((await emu.signer(id, 'v@example.com', 'verify', { code })).body).toEqual({ verified: true, needs: null });
    expect((await emu.signer(id, 'v@example.com', 'view')).status).toBe(200);
    expect((await emu.signer(id, 'v@example.com', 'sign')).status).toBe(200);
  });

  it('without the flag viewing is allowed and the code is needed before signing', async () => {
    const id = await sentRequest({ verification_phone_number: '6314578901' });
    expect((await emu.signer(id, 'v@example.com', 'view')).status).toBe(200);
    expect((await emu.view(id)).signers[1]).toMatchObject({ verified: false, needs: 'sms_code', has_viewed: true });
    const sign = await emu.signer(id, 'v@example.com', 'sign');
    expect(sign.status).toBe(403);
    expect(sign.body).toEqual({ error: 'verification_required', needs: 'sms_code' });
  });

  it('a wrong code is refused and counted; only the newest code works', async () => {
    const id = await sentRequest({ verification_phone_number: PHONE });
    expect((await emu.signer(id, 'v@example.com', 'verify', { code: '123456' })).body.error).toBe('no_code_sent');
    expect((await emu.signer(id, 'v@example.com', 'send-code')).status).toBe(200);
    const older = await emu.latestCode(id, 'v@example.com');
    await emu.signer(id, 'v@example.com', 'send-code');
    const newest = await emu.latestCode(id, 'v@example.com');

    const wrong = await emu.signer(id, 'v@example.com', 'verify', { code: wrongCodeFor(newest) });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toEqual({ error: 'wrong_code', failed_attempts: 1 });
    if (older !== newest) {
      const stale = await emu.signer(id, 'v@example.com', 'verify', { code: older });
      expect(stale.body).toEqual({ error: 'wrong_code', failed_attempts: 2 });
    }
    expect((await emu.signer(id, 'v@example.com', 'sign')).status).toBe(403);

    expect((await emu.signer(id, 'v@example.com', 'verify', { code: newest })).status).toBe(200);
    expect((await emu.view(id)).signers[1]).toMatchObject({
      verified: true,
      failed_verification_attempts: older !== newest ? 2 : 1,
    });
    expect((await emu.signer(id, 'v@example.com', 'sign')).status).toBe(200);
  });

  it('send-code is refused for a signer without phone verification', async () => {
    const id = await sentRequest({});
    const res = await emu.signer(id, 'v@example.com', 'send-code');
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('no_phone_verification');
  });

  it('a password is needed before viewing; a wrong one is refused and counted', async () => {
    const id = await sentRequest({ password: 'correct horse' });
    expect((await emu.signer(id, 'v@example.com', 'view')).body).toEqual({
      error: 'verification_required',
      needs: 'password',
    });
    expect((await emu.signer(id, 'v@example.com', 'sign')).status).toBe(403);
    const wrong = await emu.signer(id, 'v@example.com', 'verify', { password: 'battery staple' });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toEqual({ error: 'wrong_password', failed_attempts: 1 });
    expect((await emu.signer(id, 'v@example.com', 'verify', { password: 'correct horse' })).body).toEqual({
      verified: true,
      needs: null,
    });
    expect((await emu.signer(id, 'v@example.com', 'view')).status).toBe(200);
    expect((await emu.signer(id, 'v@example.com', 'sign')).status).toBe(200);
  });

  it('resend does not text codes to phone-verified signers', async () => {
    const id = await sentRequest({ verification_phone_number: PHONE });
    await emu.advance({ ms: 11 * 60_000 });
    expect((await emu.box('POST', `/sign_requests/${id}/resend`)).status).toBe(202);
    const outbox = await emu.control('GET', `/outbox?sign_request_id=${id}`);
    expect(outbox.body.messages).toEqual([]);
  });
});

describe('signer passwords are never disclosed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'box-emulator-'));
  const stateFile = join(dir, 'state.json');
  const password = 'Sup3r-Secret-Pa55word';
  let emu: EmulatorUnderTest;
  beforeAll(async () => {
    emu = await EmulatorUnderTest.start({ stateFile });
  });
  afterAll(async () => {
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is not in any response nor in the state file, and still verifies after a restart from that file', async () => {
    const created = await emu.box('POST', '/sign_requests', {
      source_files: [{ type: 'file', id: '1' }],
      parent_folder: { type: 'folder', id: '2' },
      signers: [{ email: 'p@example.com', password }],
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await emu.waitForStatus(id, 'sent');
    const texts = [
      created.text,
      (await emu.box('GET', `/sign_requests/${id}`)).text,
      (await emu.box('GET', '/sign_requests')).text,
      (await emu.control('GET', `/sign_requests/${id}`)).text,
      (await emu.control('GET', '/sign_requests')).text,
      (await emu.signer(id, 'p@example.com', 'view')).text,
      (await emu.box('POST', `/sign_requests/${id}/cancel`, { reason: 'r' })).text,
    ];
    for (const text of texts) expect(text).not.toContain(password);
    expect(created.body.signers[1]).not.toHaveProperty('password');

    const state = readFileSync(stateFile, 'utf8');
    expect(state).toContain(id);
    expect(state).not.toContain(password);
    expect(state).toMatch(/"salt": "[0-9a-f]{32}"/);
  });

  it('restores requests, clock and signer state from the state file', async () => {
    const created = await emu.create({ signers: [{ email: 'r@example.com', password }] });
    await emu.waitForStatus(created.id, 'sent');
    await emu.advance({ ms: 5_000 });
    await emu.stop();

    emu = await EmulatorUnderTest.start({ stateFile });
    expect((await emu.get(created.id)).status).toBe('sent');
    expect((await emu.control('GET', '/clock')).body.offset_ms).toBe(5_000);
    expect((await emu.signer(created.id, 'r@example.com', 'verify', { password: 'nope' })).status).toBe(403);
    expect((await emu.signer(created.id, 'r@example.com', 'verify', { password })).status).toBe(200);
    expect((await emu.view(created.id)).signers[1]?.failed_verification_attempts).toBe(1);
  });
});
