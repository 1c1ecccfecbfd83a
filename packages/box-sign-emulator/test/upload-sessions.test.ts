import { download, randomBytesOf, sha1, sha1Base64, upload, uploadCall } from './files-helpers';
import { EmulatorUnderTest, type Json } from './helpers';

const MIB = 1024 * 1024;
const PART = 8 * MIB;

describe("Box's chunked upload sessions on the emulator", () => {
  let emu: EmulatorUnderTest;
  beforeAll(async () => {
    emu = await EmulatorUnderTest.start();
  });
  afterAll(() => emu.stop());
  beforeEach(async () => {
    await emu.control('POST', '/reset');
  });

  const createSession = (body: Json, headers: Record<string, string> = {}) =>
    uploadCall(emu, 'POST', '/files/upload_sessions', JSON.stringify(body), {
      'content-type': 'application/json',
      ...headers,
    });

  const putPart = (session: Json, bytes: Buffer, start: number, total: number, digest = sha1Base64(bytes)) =>
    uploadCall(emu, 'PUT', `/files/upload_sessions/${session.id as string}`, bytes, {
      'content-type': 'application/octet-stream',
      digest: `sha=${digest}`,
      'content-range': `bytes ${start}-${start + bytes.length - 1}/${total}`,
    });

  it('takes a 60 MB file in 8 MiB parts, each checked against its digest, and commits it whole', async () => {
    const size = 60 * MIB + 12_345;
    const bytes = randomBytesOf(size);
    const created = await createSession({ folder_id: '987654321', file_size: size, file_name: 'Large.pdf' });
    expect(created.status).toBe(201);
    const session = created.body;
    expect(session).toMatchObject({
      type: 'upload_session',
      part_size: PART,
      total_parts: 8,
      num_parts_processed: 0,
      session_endpoints: {
        upload_part: `${emu.url}/api/2.0/files/upload_sessions/${session.id}`,
        commit: `${emu.url}/api/2.0/files/upload_sessions/${session.id}/commit`,
        list_parts: `${emu.url}/api/2.0/files/upload_sessions/${session.id}/parts`,
      },
    });

    // A part whose bytes do not match its digest, and one off the part grid, are refused.
    const first = bytes.subarray(0, PART);
    const corrupt = await putPart(session, first, 0, size, sha1Base64(Buffer.from('something else')));
    expect(corrupt.status).toBe(412);
    expect((await putPart(session, bytes.subarray(100, 100 + PART), 100, size)).status).toBe(416);

    const parts: Json[] = [];
    for (let start = 0; start < size; start += PART) {
      const chunk = bytes.subarray(start, Math.min(start + PART, size));
      const res = await putPart(session, chunk, start, size);
      expect(res.status).toBe(200);
      expect(res.body.part).toMatchObject({ offset: start, size: chunk.length, sha1: sha1(chunk) });
      parts.push(res.body.part);
    }
    // A retried part (same range, same bytes) replaces itself.
    expect((await putPart(session, first, 0, size)).status).toBe(200);

    const listed = await uploadCall(emu, 'GET', `/files/upload_sessions/${session.id}/parts`, undefined);
    expect(listed.body).toMatchObject({ total_count: 8, entries: parts });
    const status = await uploadCall(emu, 'GET', `/files/upload_sessions/${session.id}`, undefined);
    expect(status.body.num_parts_processed).toBe(8);

    const commitPath = `/files/upload_sessions/${session.id}/commit`;
    const json = { 'content-type': 'application/json' };
    const wrongDigest = await uploadCall(emu, 'POST', commitPath, JSON.stringify({ parts }), {
      ...json,
      digest: `sha=${sha1Base64(Buffer.from('nope'))}`,
    });
    expect(wrongDigest.status).toBe(400);
    expect(wrongDigest.body.code).toBe('bad_digest');
    const missingPart = await uploadCall(emu, 'POST', commitPath, JSON.stringify({ parts: parts.slice(1) }), {
      ...json,
      digest: `sha=${sha1Base64(bytes)}`,
    });
    expect(missingPart.status).toBe(400);

    const committed = await uploadCall(emu, 'POST', commitPath, JSON.stringify({ parts }), {
      ...json,
      digest: `sha=${sha1Base64(bytes)}`,
    });
    expect(committed.status).toBe(201);
    const file = committed.body.entries[0];
    expect(file).toMatchObject({ name: 'Large.pdf', size, sha1: sha1(bytes), parent: { id: '987654321' } });

    const downloaded = await download(emu, file.id as string);
    expect(downloaded.bytes.length).toBe(size);
    expect(sha1(downloaded.bytes)).toBe(sha1(bytes));
    // The session is gone once committed.
    expect((await uploadCall(emu, 'GET', `/files/upload_sessions/${session.id}`, undefined)).status).toBe(404);
  });

  it("refuses what Box refuses: files under 20 MB, a taken name, another user's session; aborts", async () => {
    const small = await createSession({ folder_id: '0', file_size: 19 * MIB, file_name: 'Small.pdf' });
    expect(small.status).toBe(400);
    expect(small.body.code).toBe('file_size_too_small');
    expect((await createSession({ file_size: 30 * MIB, file_name: 'x.pdf' })).body.code).toBe('missing_destination');

    await upload(emu, 'Taken.pdf', randomBytesOf(10), { parentId: '42' });
    const taken = await createSession({ folder_id: '42', file_size: 30 * MIB, file_name: 'Taken.pdf' });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('item_name_in_use');

    const session = (await createSession({ folder_id: '42', file_size: 30 * MIB, file_name: 'Mine.pdf' })).body;
    const path = `/files/upload_sessions/${session.id as string}`;
    const asOther = await uploadCall(emu, 'GET', path, undefined, { 'as-user': '20001' });
    expect(asOther.status).toBe(403);
    expect(asOther.body.code).toBe('forbidden');
    expect((await uploadCall(emu, 'DELETE', path, undefined)).status).toBe(204);
    expect((await uploadCall(emu, 'GET', path, undefined)).status).toBe(404);
  });

  it('takes a direct upload of up to 50 MB and refuses a larger one with 413, pointing at upload sessions', async () => {
    const limit = 50 * MIB;
    expect((await upload(emu, 'AtLimit.pdf', randomBytesOf(limit))).status).toBe(201);
    const over = await upload(emu, 'Over.pdf', randomBytesOf(limit + 1));
    expect(over.status).toBe(413);
    expect(over.body.code).toBe('request_entity_too_large');
  });
});
