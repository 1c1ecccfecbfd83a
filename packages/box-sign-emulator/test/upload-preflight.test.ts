import { randomBytesOf, sha1, uploadFile } from './files-helpers';
import { EmulatorUnderTest } from './helpers';

describe("Box's upload preflight check on the emulator (OPTIONS /2.0/files/content)", () => {
  let emu: EmulatorUnderTest;
  beforeAll(async () => {
    emu = await EmulatorUnderTest.start();
  });
  afterAll(() => emu.stop());
  beforeEach(async () => {
    await emu.control('POST', '/reset');
  });

  it('answers 200 with an upload URL for a free name, uploading nothing', async () => {
    const res = await emu.box('OPTIONS', '/files/content', { name: 'Contract.pdf', parent: { id: '42' }, size: 10 });
    expect(res.status).toBe(200);
    expect(res.body.upload_url).toBe(`${emu.url}/api/2.0/files/content`);
    const calls = await emu.control('GET', '/calls');
    expect((calls.body.calls as { method: string; path: string }[]).map((c) => `${c.method} ${c.path}`)).toEqual([
      'OPTIONS /2.0/files/content',
    ]);
  });

  it('answers 409 item_name_in_use with the file holding the name (its SHA-1), as the upload would', async () => {
    const bytes = randomBytesOf(1000);
    const file = await uploadFile(emu, 'Contract.pdf', bytes, { parentId: '42' });
    const res = await emu.box('OPTIONS', '/files/content', { name: 'Contract.pdf', parent: { id: '42' }, size: 1000 });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'item_name_in_use',
      context_info: { conflicts: { type: 'file', id: file.id, sha1: sha1(bytes) } },
    });
    const elsewhere = await emu.box('OPTIONS', '/files/content', { name: 'Contract.pdf', parent: { id: '43' } });
    expect(elsewhere.status).toBe(200);
  });

  it("refuses what Box's upload refuses: a bad name, a missing folder", async () => {
    const badName = await emu.box('OPTIONS', '/files/content', { name: 'a/b.pdf', parent: { id: '42' } });
    expect([badName.status, badName.body.code]).toEqual([400, 'item_name_invalid']);
    const noFolder = await emu.box('OPTIONS', '/files/content', { name: 'a.pdf' });
    expect([noFolder.status, noFolder.body.code]).toEqual([400, 'bad_request']);
  });
});
