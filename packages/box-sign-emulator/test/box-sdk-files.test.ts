import { Readable } from 'node:stream';
import { BoxCcgAuth, BoxClient, CcgConfig } from 'box-node-sdk';
import { BoxApiError } from 'box-node-sdk/lib/box/errors';
import { EMULATOR_DEFAULTS } from '../src/server';
import { EMULATOR_USERS } from '../src/users';
import { makePdf, randomBytesOf, sha1 } from './files-helpers';
import { EmulatorUnderTest } from './helpers';

const [HR] = EMULATOR_USERS;
const SIGNER = 'signer@example.com';
const MIB = 1024 * 1024;

async function readAll(stream: Readable | undefined): Promise<Buffer> {
  if (stream === undefined) throw new Error('the SDK got 202 (not ready): no content');
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/**
 * Box's official SDK (box-node-sdk 10) uploads, uploads in parts, reads and downloads files against the emulator,
 * and reads a signed request's files: it deserializes every answer strictly, so a field shaped unlike Box's fails.
 */
describe("Box's official SDK against the emulator's files API", () => {
  let emu: EmulatorUnderTest;
  let client: BoxClient;
  beforeAll(async () => {
    emu = await EmulatorUnderTest.start();
    const auth = new BoxCcgAuth({
      config: new CcgConfig({
        clientId: EMULATOR_DEFAULTS.clientId,
        clientSecret: EMULATOR_DEFAULTS.clientSecret,
        enterpriseId: '11446499',
      }),
    });
    client = new BoxClient({ auth }).withCustomBaseUrls({
      baseUrl: emu.url,
      uploadUrl: `${emu.url}/api`,
      oauth2Url: `${emu.url}/oauth2`,
    });
  });
  afterAll(() => emu.stop());
  beforeEach(async () => {
    await emu.control('POST', '/reset');
  });

  it('uploads a file (client.uploads.uploadFile), reads it (files.getFileById) and downloads it (downloads.downloadFile)', async () => {
    const bytes = await makePdf('SDK upload');
    const uploaded = await client.uploads.uploadFile(
      {
        attributes: { name: 'SDK upload.pdf', parent: { id: '987654321' } },
        file: Readable.from([Buffer.from(bytes)]),
      },
      { headers: { contentMd5: sha1(bytes) } },
    );
    expect(uploaded.totalCount).toBe(1);
    const file = uploaded.entries![0]!;
    expect(file).toMatchObject({ type: 'file', name: 'SDK upload.pdf', sha1: sha1(bytes), size: bytes.length });
    expect(file.parent).toMatchObject({ type: 'folder', id: '987654321' });

    const read = await client.files.getFileById(file.id);
    expect(read).toMatchObject({ id: file.id, sha1: sha1(bytes), size: bytes.length, itemStatus: 'active' });

    const downloaded = await readAll(await client.downloads.downloadFile(file.id));
    expect(sha1(downloaded)).toBe(sha1(bytes));

    const conflict = await client.uploads
      .uploadFile({
        attributes: { name: 'SDK upload.pdf', parent: { id: '987654321' } },
        file: Readable.from([Buffer.from('x')]),
      })
      .catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(BoxApiError);
    expect((conflict as BoxApiError).responseInfo).toMatchObject({
      statusCode: 409,
      body: { code: 'item_name_in_use', context_info: { conflicts: { id: file.id } } },
    });
  });

  it('uploads a large file in parts (client.chunkedUploads.uploadBigFile), as another user', async () => {
    const size = 21 * MIB + 7;
    const bytes = randomBytesOf(size);
    const asHr = client.withAsUserHeader(HR!.id);
    const file = await asHr.chunkedUploads.uploadBigFile(Readable.from([bytes]), 'Big.bin', size, '0');
    expect(file).toMatchObject({ name: 'Big.bin', size, sha1: sha1(bytes) });
    expect(file.ownedBy).toMatchObject({ id: HR!.id });
    expect(sha1(await readAll(await asHr.downloads.downloadFile(file.id)))).toBe(sha1(bytes));
    await expect(client.files.getFileById(file.id)).rejects.toBeInstanceOf(BoxApiError);
  });

  it("reads a signed request's signed file, signing log and the signer's inputs and attachments", async () => {
    const source = await makePdf('SDK contract');
    const uploaded = await client.uploads.uploadFile({
      attributes: { name: 'SDK contract.pdf', parent: { id: '987654321' } },
      file: Readable.from([Buffer.from(source)]),
    });
    const created = await client.signRequests.createSignRequest({
      sourceFiles: [{ type: 'file', id: uploaded.entries![0]!.id }],
      parentFolder: { type: 'folder', id: '987654321' },
      signers: [{ email: SIGNER, role: 'signer', order: 1 }],
    });
    await emu.waitForStatus(created.id!, 'sent');
    const signedByEmulator = await emu.signer(created.id!, SIGNER, 'sign', {
      inputs: [
        { type: 'text', text_value: 'ACME Ltd', content_type: 'company', page_index: 0 },
        { type: 'checkbox', checkbox_value: false, page_index: 1 },
        { type: 'date', date_value: '2026-12-07', page_index: 1 },
      ],
      attachments: [{ name: 'id.txt', content_base64: Buffer.from('ID').toString('base64') }],
    });
    expect(signedByEmulator.status).toBe(200);
    await emu.waitForStatus(created.id!, 'signed');

    const signed = await client.signRequests.getSignRequestById(created.id!);
    expect(signed.shortId).toMatch(/^SR-\d+$/);
    expect(signed.signFiles!.isReadyForDownload).toBe(true);
    const signFile = signed.signFiles!.files![0]!;
    const signedBytes = await readAll(await client.downloads.downloadFile(signFile.id));
    expect(sha1(signedBytes)).toBe(signFile.sha1);
    expect(signedBytes.subarray(0, 5).toString()).toBe('%PDF-');
    const logBytes = await readAll(await client.downloads.downloadFile(signed.signingLog!.id));
    expect(sha1(logBytes)).toBe(signed.signingLog!.sha1);
    expect((await client.files.getFileById(signed.signingLog!.id)).size).toBe(logBytes.length);

    const signer = signed.signers!.find((s) => s.email === SIGNER)!;
    expect(signer.inputs).toEqual([
      expect.objectContaining({ type: 'text', contentType: 'company', textValue: 'ACME Ltd', pageIndex: 0 }),
      expect.objectContaining({ type: 'checkbox', contentType: 'checkbox', checkboxValue: false, pageIndex: 1 }),
      expect.objectContaining({ type: 'date', contentType: 'date', pageIndex: 1 }),
    ]);
    expect(signer.inputs![2]!.dateValue!.value.toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(signer.attachments).toEqual([expect.objectContaining({ name: 'id.txt' })]);
    const attachment = await readAll(await client.downloads.downloadFile(signer.attachments![0]!.id!));
    expect(attachment.toString()).toBe('ID');
  });
});
