import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorControl } from '../src/control-client';
import { EMULATOR_USERS } from '../src/users';
import {
  contentCall,
  download,
  multipart,
  randomBytesOf,
  sha1,
  upload,
  uploadCall,
  uploadFile,
  type UploadedFile,
} from './files-helpers';
import { EmulatorUnderTest } from './helpers';

const [HR, SALES] = EMULATOR_USERS;

describe("Box's files API on the emulator: direct upload, file info, download", () => {
  let emu: EmulatorUnderTest;
  beforeAll(async () => {
    emu = await EmulatorUnderTest.start();
  });
  afterAll(() => emu.stop());
  beforeEach(async () => {
    await emu.control('POST', '/reset');
  });

  it('uploads on the upload base (attributes, then file) and answers 201 Files with the SHA-1 and size', async () => {
    const bytes = randomBytesOf(100_000);
    const res = await upload(emu, 'Contract.pdf', bytes, { parentId: '987654321' });
    expect(res.status).toBe(201);
    expect(res.body.total_count).toBe(1);
    const file = (res.body as { entries: UploadedFile[] }).entries[0]!;
    expect(file).toMatchObject({
      type: 'file',
      name: 'Contract.pdf',
      size: 100_000,
      sha1: sha1(bytes),
      parent: { type: 'folder', id: '987654321' },
      file_version: { type: 'file_version', sha1: sha1(bytes) },
      owned_by: { type: 'user', id: '11446498' },
      item_status: 'active',
    });

    const info = await emu.box('GET', `/files/${file.id}`);
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ id: file.id, sha1: sha1(bytes), size: 100_000, name: 'Contract.pdf' });
  });

  it("refuses a file part before the attributes part with Box's 400 metadata_after_file_contents, keeping nothing", async () => {
    const bytes = randomBytesOf(1000);
    const { body, contentType } = multipart([
      { name: 'file', filename: 'a.pdf', contentType: 'application/pdf', data: bytes },
      { name: 'attributes', data: JSON.stringify({ name: 'a.pdf', parent: { id: '0' } }) },
    ]);
    const res = await uploadCall(emu, 'POST', '/files/content', body, { 'content-type': contentType });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'error', status: 400, code: 'metadata_after_file_contents' });
    // Nothing was stored: the same name is still free.
    expect((await upload(emu, 'a.pdf', bytes)).status).toBe(201);
  });

  it('answers 409 item_name_in_use for a name taken in the folder (case-insensitively), the file in context_info', async () => {
    const existing = await uploadFile(emu, 'Offer.pdf', randomBytesOf(500), { parentId: '555' });
    const again = await upload(emu, 'offer.PDF', randomBytesOf(500), { parentId: '555' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      type: 'error',
      status: 409,
      code: 'item_name_in_use',
      context_info: { conflicts: { type: 'file', id: existing.id, sha1: existing.sha1, name: 'Offer.pdf' } },
    });
    expect((await upload(emu, 'Offer.pdf', randomBytesOf(500), { parentId: '556' })).status).toBe(201);
  });

  it("checks content-md5 (the content's SHA-1, in Box's name): 400 bad_digest on a mismatch, 201 on a match", async () => {
    const bytes = randomBytesOf(2048);
    const wrong = await upload(emu, 'x.pdf', bytes, { headers: { 'content-md5': sha1(Buffer.from('other')) } });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ code: 'bad_digest' });
    const right = await upload(emu, 'x.pdf', bytes, { headers: { 'content-md5': sha1(bytes) } });
    expect(right.status).toBe(201);
  });

  it('downloads through a 302 to a link of its own that needs no token and serves the bytes, whole or a Range', async () => {
    const bytes = randomBytesOf(300_000);
    const file = await uploadFile(emu, 'Big.pdf', bytes);

    const redirect = await contentCall(emu, file.id);
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location') ?? '';
    expect(location.startsWith(`${emu.url}/_emulator/dl/`)).toBe(true);

    const whole = await fetch(location);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('application/pdf');
    expect(whole.headers.get('content-length')).toBe('300000');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(sha1(Buffer.from(await whole.arrayBuffer()))).toBe(sha1(bytes));

    const part = await download(emu, file.id, { range: 'bytes=1000-1999' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 1000-1999/300000');
    expect(part.bytes.equals(bytes.subarray(1000, 2000))).toBe(true);

    const tail = await download(emu, file.id, { range: 'bytes=-10' });
    expect(tail.bytes.equals(bytes.subarray(-10))).toBe(true);

    const beyond = await download(emu, file.id, { range: 'bytes=400000-' });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe('bytes */300000');
  });

  it('hands out short-lived links: gone after 15 minutes on the emulator clock', async () => {
    const file = await uploadFile(emu, 'Short.pdf', randomBytesOf(10));
    const location = (await contentCall(emu, file.id)).headers.get('location') ?? '';
    await emu.advance({ ms: 16 * 60_000 });
    expect((await fetch(location)).status).toBe(404);
  });

  it("keeps each user's files its own: another user's file is a 404, as an id nobody has (as-user)", async () => {
    const asHr = { 'as-user': HR!.id };
    const file = await uploadFile(emu, 'Hr.pdf', randomBytesOf(64), { headers: asHr });
    expect(file.owned_by).toMatchObject({ id: HR!.id, login: HR!.login });

    expect((await emu.box('GET', `/files/${file.id}`, undefined, asHr)).status).toBe(200);
    expect((await contentCall(emu, file.id, asHr)).status).toBe(302);
    const others: Record<string, string>[] = [{}, { 'as-user': SALES!.id }];
    for (const other of others) {
      const info = await emu.box('GET', `/files/${file.id}`, undefined, other);
      expect(info.status).toBe(404);
      expect(info.body).toMatchObject({ code: 'not_found' });
      expect((await contentCall(emu, file.id, other)).status).toBe(404);
    }
    expect((await emu.box('GET', '/files/99999999')).status).toBe(404);
    // A root folder is each user's own: the same name at the root is free for another user.
    expect((await upload(emu, 'Hr.pdf', randomBytesOf(64))).status).toBe(201);
  });

  it('needs a token on both bases, counts file calls in the call log per user, and takes a source file as the sender', async () => {
    const res = await uploadCall(emu, 'POST', '/files/content', 'x', { authorization: 'Bearer nope' });
    expect(res.status).toBe(401);
    const file = await uploadFile(emu, 'Source.pdf', randomBytesOf(64), { headers: { 'as-user': HR!.id } });
    await emu.box('GET', `/files/${file.id}`, undefined, { 'as-user': HR!.id });
    const calls = (await emu.control('GET', '/calls')).body.calls as { path: string; user_id?: string }[];
    expect(calls.map((c) => [c.path, c.user_id])).toEqual(
      expect.arrayContaining([
        ['/api/2.0/files/content', HR!.id],
        [`/2.0/files/${file.id}`, HR!.id],
      ]),
    );
    // Another user cannot make a sign request of it; its owner can.
    const refused = await emu.box('POST', '/sign_requests', {
      source_files: [{ type: 'file', id: file.id }],
      parent_folder: { type: 'folder', id: '987654321' },
      signers: [{ email: 'signer@example.com' }],
    });
    expect(refused.status).toBe(404);
    const created = await emu.box(
      'POST',
      '/sign_requests',
      {
        source_files: [{ type: 'file', id: file.id }],
        parent_folder: { type: 'folder', id: '987654321' },
        signers: [{ email: 'signer@example.com' }],
      },
      { 'as-user': HR!.id },
    );
    expect(created.status).toBe(201);
  });

  it("counts uploads in Box's upload limit (240 a minute per user) and the other file calls in the general one", async () => {
    await emu.control('PUT', '/rate-limits', { enabled: true, upload_per_minute: 1, get_per_minute: 2 });
    const file = await uploadFile(emu, 'One.pdf', randomBytesOf(8));
    const second = await upload(emu, 'Two.pdf', randomBytesOf(8));
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).not.toBeNull();
    expect((await upload(emu, 'Two.pdf', randomBytesOf(8), { headers: { 'as-user': HR!.id } })).status).toBe(201);
    expect((await emu.box('GET', `/files/${file.id}`)).status).toBe(200);
    expect((await contentCall(emu, file.id)).status).toBe(302);
    expect((await emu.box('GET', `/files/${file.id}`)).status).toBe(429);
  });

  it('injects faults on file paths: a 5xx, and a download cut after N bytes that a retry gets whole', async () => {
    const bytes = randomBytesOf(200_000);
    const file = await uploadFile(emu, 'Faulty.pdf', bytes);

    await emu.control('POST', '/faults', { path: `/files/${file.id}/content`, status: 503, retry_after_seconds: 2 });
    const failed = await contentCall(emu, file.id);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('2');

    const fault = await emu.control('POST', '/faults', {
      kind: 'drop_mid_body',
      path: `/files/${file.id}/content`,
      after_bytes: 50_000,
    });
    expect(fault.status).toBe(201);
    const redirect = await contentCall(emu, file.id);
    expect(redirect.status).toBe(302);
    const cut = await fetch(redirect.headers.get('location') ?? '');
    expect(cut.status).toBe(200);
    expect(cut.headers.get('content-length')).toBe('200000');
    await expect(cut.arrayBuffer()).rejects.toThrow();

    const retried = await download(emu, file.id);
    expect(sha1(retried.bytes)).toBe(sha1(bytes));

    // A fault on the download host's path cuts that download whatever link it is.
    await emu.control('POST', '/faults', { kind: 'drop_mid_body', path: '/_emulator/dl/', after_bytes: 10 });
    const again = await fetch((await contentCall(emu, file.id)).headers.get('location') ?? '');
    await expect(again.arrayBuffer()).rejects.toThrow();
    const stats = (await emu.control('GET', '/stats')).body;
    expect(stats.faults).toMatchObject({ error: 1, drop_mid_body: 2 });
  });
});

describe('the emulator keeps files: across a restart with a state file, and for the control API', () => {
  it('keeps uploaded files and a signed request’s documents next to the state file, and reset removes them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-files-test-'));
    const stateFile = join(dir, 'state.json');
    try {
      const bytes = randomBytesOf(5000);
      const first = await EmulatorUnderTest.start({ stateFile });
      const file = await uploadFile(first, 'Kept.pdf', bytes);
      const created = await first.create();
      await first.waitForStatus(created.id, 'sent');
      await first.signer(created.id, 'signer@example.com', 'sign');
      const signed = await first.waitForStatus(created.id, 'signed');
      await first.stop();
      const state = readFileSync(stateFile, 'utf8');
      expect(state).not.toContain(bytes.toString('base64').slice(0, 40));
      expect(existsSync(join(`${stateFile}.files`, file.sha1))).toBe(true);

      const second = await EmulatorUnderTest.start({ stateFile });
      try {
        expect(sha1((await download(second, file.id)).bytes)).toBe(file.sha1);
        const again = await second.get(created.id);
        expect(sha1((await download(second, again.sign_files.files[0]!.id)).bytes)).toBe(
          signed.sign_files.files[0]!.sha1,
        );
        expect((await upload(second, 'Kept.pdf', bytes)).status).toBe(409);

        await second.control('POST', '/reset');
        expect(existsSync(join(`${stateFile}.files`, file.sha1))).toBe(false);
        expect((await second.box('GET', `/files/${file.id}`)).status).toBe(404);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists the files and serves their bytes without a token or a call-log entry (EmulatorControl)', async () => {
    const emu = await EmulatorUnderTest.start();
    const control = new EmulatorControl(emu.url);
    try {
      const bytes = randomBytesOf(777);
      const file = await uploadFile(emu, 'Listed.pdf', bytes, { headers: { 'as-user': HR!.id } });
      const created = await emu.create();
      await emu.waitForStatus(created.id, 'sent');
      await control.sign(created.id, 'signer@example.com', {
        attachments: [{ name: 'a.txt', content_base64: Buffer.from('A').toString('base64') }],
      });
      await emu.waitForStatus(created.id, 'signed');
      await emu.control('DELETE', '/calls');

      expect(await control.files()).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: file.id, owner_id: HR!.id, origin: 'upload' })]),
      );
      const made = await control.files({ signRequestId: created.id });
      expect(made.map((f) => f.origin).sort()).toEqual(['attachment', 'sign_file', 'signing_log']);
      expect((await control.fileContent(file.id)).equals(bytes)).toBe(true);
      const log = made.find((f) => f.origin === 'signing_log')!;
      expect(sha1(await control.fileContent(log.id))).toBe(log.sha1);
      expect(await control.calls()).toEqual([]);
      await expect(control.fileContent('424242')).rejects.toThrow(/404/);
    } finally {
      await emu.stop();
    }
  });
});
