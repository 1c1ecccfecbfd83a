import { PDFDocument } from 'pdf-lib';
import type { SignRequest } from '../src/box/schemas';
import { contentCall, download, makePdf, sha1, uploadFile } from './files-helpers';
import { EmulatorUnderTest, wrongCodeFor, type Json } from './helpers';
import { pdfText } from './pdf-text';

const PHONE_SIGNER = 'phone.signer@example.com';
const PASSWORD_SIGNER = 'password.signer@example.com';
const PHONE = '+15551232190';
const PASSWORD = 'correct horse battery';

describe('a signed request makes real PDFs: signed copies and a signing log, downloadable by its sender', () => {
  let emu: EmulatorUnderTest;
  beforeAll(async () => {
    emu = await EmulatorUnderTest.start();
  });
  afterAll(() => emu.stop());
  beforeEach(async () => {
    await emu.control('POST', '/reset');
  });

  const sign = async (id: string, email: string, body: Json = {}): Promise<void> => {
    const res = await emu.signer(id, email, 'sign', body);
    if (res.status !== 200) throw new Error(`sign failed: ${res.status} ${res.text}`);
  };

  const fileBytes = async (id: string): Promise<Buffer> => (await download(emu, id)).bytes;

  it('signs an uploaded PDF: its pages plus a signature page, and a signing log naming each check passed or failed', async () => {
    const source = await makePdf('Employment contract', 2);
    const uploaded = await uploadFile(emu, 'Employment contract.pdf', source, { parentId: '987654321' });
    const created = await emu.create({
      source_files: [{ type: 'file', id: uploaded.id }],
      signers: [
        { email: PHONE_SIGNER, role: 'signer', order: 1, verification_phone_number: PHONE },
        { email: PASSWORD_SIGNER, role: 'signer', order: 1, password: PASSWORD },
      ],
    });
    await emu.waitForStatus(created.id, 'sent');

    // The phone signer: opens it, gets a code, types a wrong one, then the right one, and signs with inputs.
    expect((await emu.signer(created.id, PHONE_SIGNER, 'view')).status).toBe(200);
    expect((await emu.signer(created.id, PHONE_SIGNER, 'send-code')).status).toBe(200);
    const code = await emu.latestCode(created.id, PHONE_SIGNER);
    expect((await emu.signer(created.id, PHONE_SIGNER, 'verify', { code: wrongCodeFor(code) })).status).toBe(403);
    expect((await emu.signer(created.id, PHONE_SIGNER, 'verify', { code })).status).toBe(200);
    await sign(created.id, PHONE_SIGNER, {
      inputs: [
        { type: 'text', text_value: 'Jane Q. Doe', content_type: 'full_name', page_index: 1, document_tag_id: 'name' },
        { type: 'checkbox', checkbox_value: true, page_index: 1 },
        { type: 'date', date_value: '2026-12-07', page_index: 1 },
      ],
      attachments: [{ name: 'passport.png', content_base64: Buffer.from('not really a png').toString('base64') }],
    });
    // The password signer: a wrong password, then the right one.
    expect((await emu.signer(created.id, PASSWORD_SIGNER, 'verify', { password: 'wrong' })).status).toBe(403);
    expect((await emu.signer(created.id, PASSWORD_SIGNER, 'verify', { password: PASSWORD })).status).toBe(200);
    await sign(created.id, PASSWORD_SIGNER);

    const signed = await emu.waitForStatus(created.id, 'signed');
    expect(signed.sign_files.is_ready_for_download).toBe(true);
    const [signFile] = signed.sign_files.files;
    const log = signed.signing_log!;

    // The files the request names are real files: their SHA-1 in the request is that of the bytes downloaded.
    const signedBytes = await fileBytes(signFile!.id);
    expect(sha1(signedBytes)).toBe(signFile!.sha1);
    const logBytes = await fileBytes(log.id);
    expect(sha1(logBytes)).toBe(log.sha1);
    const info = await emu.box('GET', `/files/${signFile!.id}`);
    expect(info.body).toMatchObject({ id: signFile!.id, sha1: signFile!.sha1, size: signedBytes.length });

    const copy = await PDFDocument.load(signedBytes);
    expect(copy.getPageCount()).toBe(3);
    const copyText = await pdfText(signedBytes);
    expect(copyText).toContain('Employment contract, page 1');
    expect(copyText).toContain('Employment contract, page 2');
    expect(copyText).toContain(`SIGNED by ${PHONE_SIGNER}`);
    expect(copyText).toContain(`SIGNED by ${PASSWORD_SIGNER}`);

    await PDFDocument.load(logBytes);
    const logText = await pdfText(logBytes);
    expect(logText).toContain('Signing Log');
    expect(logText).toContain(`Sent to ${PHONE_SIGNER}`);
    expect(logText).toContain(`Viewed by ${PHONE_SIGNER}`);
    expect(logText).toContain(`SMS code sent to +1•••••••90 for ${PHONE_SIGNER}`);
    expect(logText).toContain(`Verification failed: SMS code (+1•••••••90) - ${PHONE_SIGNER}`);
    expect(logText).toContain(`Verification passed: SMS code (+1•••••••90) - ${PHONE_SIGNER}`);
    expect(logText).toContain(`Verification failed: password - ${PASSWORD_SIGNER}`);
    expect(logText).toContain(`Verification passed: password - ${PASSWORD_SIGNER}`);
    expect(logText).toContain(`Signed by ${PHONE_SIGNER}`);
    expect(logText).toContain(`Signed by ${PASSWORD_SIGNER}`);
    expect(logText).toContain('Request completed');
    expect(logText).toContain(`SHA-1 ${signFile!.sha1}`);
    // Never a password or a whole phone number.
    expect(logText).not.toContain(PASSWORD);
    expect(logText).not.toContain('5551232190');
    expect(copyText).not.toContain('5551232190');
    expect(logText.indexOf('Verification failed: SMS code')).toBeLessThan(
      logText.indexOf('Verification passed: SMS code'),
    );

    // What the signer typed, ticked and attached: Box's SignRequestSignerInput and {id, name} attachments.
    const phoneSigner = signed.signers.find((s) => s.email === PHONE_SIGNER)!;
    expect(phoneSigner.inputs).toEqual([
      {
        document_tag_id: 'name',
        text_value: 'Jane Q. Doe',
        checkbox_value: null,
        date_value: null,
        type: 'text',
        content_type: 'full_name',
        page_index: 1,
        read_only: false,
      },
      expect.objectContaining({ type: 'checkbox', content_type: 'checkbox', checkbox_value: true }),
      expect.objectContaining({ type: 'date', content_type: 'date', date_value: '2026-12-07' }),
    ]);
    expect(phoneSigner.attachments).toEqual([{ id: expect.any(String), name: 'passport.png' }]);
    const attachment = await fileBytes(phoneSigner.attachments![0]!.id!);
    expect(attachment.toString()).toBe('not really a png');
    expect(signed.signers.find((s) => s.email === PASSWORD_SIGNER)!).toMatchObject({ inputs: [], attachments: null });
  });

  it('keeps is_ready_for_download false while finalizing, when the signed file answers 202 with Retry-After', async () => {
    const slow = await EmulatorUnderTest.start({ finalizingDelayMs: 60_000 });
    try {
      const created = await slow.create();
      await slow.waitForStatus(created.id, 'sent');
      expect((await slow.signer(created.id, 'signer@example.com', 'sign')).status).toBe(200);
      const finalizing = await slow.get(created.id);
      expect(finalizing.status).toBe('finalizing');
      expect(finalizing.sign_files.is_ready_for_download).toBe(false);
      expect(finalizing.signing_log).toBeNull();

      const fileId = finalizing.sign_files.files[0]!.id;
      const waiting = await contentCall(slow, fileId);
      expect(waiting.status).toBe(202);
      expect(Number(waiting.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(waiting.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect((await contentCall(slow, finalizing.sign_files.files[0]!.id)).status).toBe(202);

      await slow.advance({ ms: 61_000 });
      const signed = await slow.get(created.id);
      expect(signed).toMatchObject({ status: 'signed', sign_files: { is_ready_for_download: true } });
      const bytes = (await download(slow, fileId)).bytes;
      expect(sha1(bytes)).toBe(signed.sign_files.files[0]!.sha1);
      // A file id nobody uploaded (the suites' usual source) signs as a placeholder page, plus the signature page.
      expect((await PDFDocument.load(bytes)).getPageCount()).toBe(2);
    } finally {
      await slow.stop();
    }
  });

  it('gives a declined request a signing log that records the decline; a cancelled one has none', async () => {
    const declined = await emu.create();
    await emu.waitForStatus(declined.id, 'sent');
    expect((await emu.signer(declined.id, 'signer@example.com', 'decline', { reason: 'Wrong salary' })).status).toBe(
      200,
    );
    const read: SignRequest = await emu.get(declined.id);
    expect(read.status).toBe('declined');
    expect(read.sign_files.is_ready_for_download).toBe(false);
    const logText = await pdfText(await fileBytes(read.signing_log!.id));
    expect(logText).toContain('Declined by signer@example.com (reason: Wrong salary)');
    expect(logText).toContain('Status: declined');

    const cancelled = await emu.create();
    await emu.waitForStatus(cancelled.id, 'sent');
    expect((await emu.box('POST', `/sign_requests/${cancelled.id}/cancel`, {})).status).toBe(200);
    expect((await emu.get(cancelled.id)).signing_log).toBeNull();
  });

  it("keeps a request's files its sender's: another user gets 404 for them", async () => {
    const created = await emu.create();
    await emu.waitForStatus(created.id, 'sent');
    await sign(created.id, 'signer@example.com');
    const signed = await emu.waitForStatus(created.id, 'signed');
    const other = { 'as-user': '20001' };
    expect((await contentCall(emu, signed.sign_files.files[0]!.id, other)).status).toBe(404);
    expect((await contentCall(emu, signed.signing_log!.id, other)).status).toBe(404);
    expect((await emu.box('GET', `/files/${signed.signing_log!.id}`, undefined, other)).status).toBe(404);
    expect((await emu.box('GET', `/files/${signed.signing_log!.id}`)).status).toBe(200);
  });

  it('refuses malformed inputs and attachments on sign, changing nothing', async () => {
    const created = await emu.create();
    await emu.waitForStatus(created.id, 'sent');
    const bad = await emu.signer(created.id, 'signer@example.com', 'sign', { inputs: [{ type: 'radio' }] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid_body' });
    const noValue = await emu.signer(created.id, 'signer@example.com', 'sign', { inputs: [{ type: 'text' }] });
    expect(noValue.status).toBe(400);
    expect((await emu.get(created.id)).status).toBe('sent');
  });
});
