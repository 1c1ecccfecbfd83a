import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { BoxClientConfig } from '../../box/config';
import type { BoxCallObservation } from '../../box/sign-client';
import { createBoxSignClient } from '../../box/sign-client';
import { routeOf } from '../../box/traced-calls';
import type { ByteRange, UploadSource } from '../../box/upload-api';
import { DocumentNameTakenError } from '../../documents/errors';
import { uploadMeasuredDocument } from '../../documents/upload';
import type { RecordedRequest } from './helpers/http-test-server';
import { TestServer, boxError, sendJson } from './helpers/http-test-server';

const SENDER = '20001';
const sha1 = (bytes: Buffer) => createHash('sha1').update(bytes).digest('hex');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function source(bytes: Buffer, sha1Hex = sha1(bytes)): UploadSource & { sha256Hex: string } {
  return {
    size: bytes.length,
    sha1Hex,
    sha256Hex: sha256(bytes),
    open: (range?: ByteRange) => Readable.from([range ? bytes.subarray(range.start, range.end + 1) : bytes]),
  };
}

/** The parts of a multipart body in order: name and content. */
function multipartParts(req: RecordedRequest, raw: Buffer): { name: string; content: Buffer }[] {
  const boundary = /boundary=(.+)$/.exec(String(req.headers['content-type']))?.[1] ?? '';
  const text = raw.toString('latin1');
  return text
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => {
      const [head = '', ...rest] = part.split('\r\n\r\n');
      const content = rest.join('\r\n\r\n').replace(/\r\n$/, '');
      return { name: /name="([^"]+)"/.exec(head)?.[1] ?? '', content: Buffer.from(content, 'latin1') };
    });
}

describe("the Box client's upload API", () => {
  let server: TestServer;
  const rawBodies: Buffer[] = [];
  const calls: BoxCallObservation[] = [];

  beforeEach(async () => {
    server = await TestServer.start();
    rawBodies.length = 0;
    calls.length = 0;
    server.on('POST', '/oauth2/token', (_req, res) => sendJson(res, 200, { access_token: 'token', expires_in: 3600 }));
  });

  afterEach(async () => {
    await server.close();
  });

  function client() {
    const config: BoxClientConfig = {
      apiBaseUrl: server.apiBaseUrl,
      uploadBaseUrl: server.uploadBaseUrl,
      tokenUrl: server.tokenUrl,
      auth: {
        kind: 'client-credentials',
        clientId: 'id',
        clientSecret: 'secret',
        subjectType: 'enterprise',
        subjectId: '1',
      },
      timeoutMs: 5_000,
    };
    return createBoxSignClient(config, { observeCall: (call) => calls.push(call) });
  }

  /** Box's upload endpoint as documented: it checks content-md5 against the file part, and the part order. */
  function boxUploadHost(fileId = '9001') {
    server.on('POST', '/api/2.0/files/content', (req, res) => {
      rawBodies.push(req.raw);
      const parts = multipartParts(req, req.raw);
      if (parts[0]?.name !== 'attributes') {
        sendJson(res, 400, boxError(400, 'metadata_after_file_contents', 'attributes must come first', 'r1'));
        return;
      }
      const file = parts[1]?.content ?? Buffer.alloc(0);
      if (req.headers['content-md5'] !== sha1(file)) {
        sendJson(res, 400, boxError(400, 'bad_digest', 'The specified content-md5 did not match', 'r2'));
        return;
      }
      const attributes = JSON.parse(parts[0].content.toString('utf8')) as { name: string };
      sendJson(res, 201, {
        total_count: 1,
        entries: [{ type: 'file', id: fileId, name: attributes.name, sha1: sha1(file) }],
      });
    });
  }

  it('uploads to the upload host: multipart with attributes first, content-md5 = the SHA-1, as the sender', async () => {
    boxUploadHost();
    server.on('OPTIONS', '/2.0/files/content', (_req, res) => sendJson(res, 200, { upload_url: 'unused' }));
    // Bytes that are not UTF-8 text: the body goes through as bytes.
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0xfe, 0x0d, 0x0a, 0x80]);
    const uploaded = await uploadMeasuredDocument(
      client(),
      { folderId: '123', name: 'contract.pdf', senderBoxUserId: SENDER },
      source(bytes),
    );
    expect(uploaded).toEqual({ fileId: '9001', name: 'contract.pdf', size: 10, sha256: sha256(bytes), created: true });

    const [preflight, upload] = server.requests.filter((r) => r.path !== '/oauth2/token');
    expect([preflight?.method, preflight?.path, JSON.parse(preflight?.body ?? '')]).toEqual([
      'OPTIONS',
      '/2.0/files/content',
      { name: 'contract.pdf', parent: { id: '123' }, size: 10 },
    ]);
    expect(upload?.path).toBe('/api/2.0/files/content');
    expect(upload?.headers['as-user']).toBe(SENDER);
    expect(preflight?.headers['as-user']).toBe(SENDER);
    expect(upload?.headers['content-md5']).toBe(sha1(bytes));
    const parts = multipartParts(upload!, rawBodies[0]!);
    expect(parts.map((p) => p.name)).toEqual(['attributes', 'file']);
    expect(JSON.parse(parts[0]!.content.toString())).toEqual({ name: 'contract.pdf', parent: { id: '123' } });
    expect(parts[1]!.content.equals(bytes)).toBe(true);
    expect(calls.map((c) => [c.operation, c.statusClass])).toEqual([
      ['preflight_upload', '2xx'],
      ['upload_file', '2xx'],
    ]);
  });

  it('a body Box receives with another SHA-1 than its content-md5 is refused, not taken for uploaded', async () => {
    boxUploadHost();
    const bytes = Buffer.from('%PDF-1.4 the document');
    const corrupted = source(bytes, sha1(Buffer.from('%PDF-1.4 what was measured')));
    await expect(client().uploadFile({ folderId: '123', name: 'a.pdf' }, corrupted)).rejects.toMatchObject({
      status: 400,
      code: 'bad_digest',
    });
    expect(calls.map((c) => [c.operation, c.statusClass])).toEqual([['upload_file', '4xx']]);
  });

  it('the same bytes already there under that name are adopted without an upload; other bytes are refused', async () => {
    const bytes = Buffer.from('%PDF-1.4 signed once');
    const conflictWith = (sha: string) => (_req: RecordedRequest, res: Parameters<typeof sendJson>[0]) =>
      sendJson(
        res,
        409,
        boxError(409, 'item_name_in_use', 'Item with the same name already exists', 'r3', {
          conflicts: { type: 'file', id: '777', name: 'a.pdf', sha1: sha.toUpperCase() },
        }),
      );
    server.on('OPTIONS', '/2.0/files/content', conflictWith(sha1(bytes)));
    const target = { folderId: '123', name: 'a.pdf' };
    await expect(uploadMeasuredDocument(client(), target, source(bytes))).resolves.toEqual({
      fileId: '777',
      name: 'a.pdf',
      size: bytes.length,
      sha256: sha256(bytes),
      created: false,
    });
    server.on('OPTIONS', '/2.0/files/content', conflictWith(sha1(Buffer.from('other bytes'))));
    await expect(uploadMeasuredDocument(client(), target, source(bytes))).rejects.toBeInstanceOf(
      DocumentNameTakenError,
    );
    expect(server.requests.filter((r) => r.path.includes('/api/2.0/'))).toEqual([]);
  });

  it('a chunked session: each part with its SHA-1 digest and content range, committed with the whole digest', async () => {
    const bytes = Buffer.from('0123456789abcdefghij');
    const parts: RecordedRequest[] = [];
    let commits = 0;
    server.on('POST', '/api/2.0/files/upload_sessions', (_req, res) =>
      sendJson(res, 201, { type: 'upload_session', id: 'S1', part_size: 8, total_parts: 3 }),
    );
    server.on('PUT', '/api/2.0/files/upload_sessions/S1', (req, res) => {
      parts.push(req);
      const [, start] = /bytes (\d+)-/.exec(String(req.headers['content-range'])) ?? [];
      sendJson(res, 200, { part: { part_id: `P${start}`, offset: Number(start), size: req.body.length } });
    });
    server.on('POST', '/api/2.0/files/upload_sessions/S1/commit', (_req, res) => {
      commits += 1;
      if (commits === 1) {
        res.writeHead(202, { 'retry-after': '1', 'content-length': '0' }).end();
        return;
      }
      sendJson(res, 201, { entries: [{ type: 'file', id: '4242', name: 'big.pdf' }] });
    });
    const box = client();
    const session = await box.createUploadSession({ folderId: '1', name: 'big.pdf' }, bytes.length, {
      asUser: SENDER,
    });
    const uploaded = [];
    for (let offset = 0; offset < bytes.length; offset += session.part_size) {
      const chunk = bytes.subarray(offset, offset + session.part_size);
      uploaded.push(
        await box.uploadPart(
          session.id,
          {
            offset,
            size: chunk.length,
            totalSize: bytes.length,
            sha1Hex: sha1(chunk),
            open: () => Readable.from([chunk]),
          },
          { asUser: SENDER },
        ),
      );
    }
    expect(parts.map((p) => [p.headers['content-range'], p.headers['digest'], p.body])).toEqual([
      ['bytes 0-7/20', `sha=${createHash('sha1').update('01234567').digest('base64')}`, '01234567'],
      ['bytes 8-15/20', `sha=${createHash('sha1').update('89abcdef').digest('base64')}`, '89abcdef'],
      ['bytes 16-19/20', `sha=${createHash('sha1').update('ghij').digest('base64')}`, 'ghij'],
    ]);
    expect(await box.commitUploadSession('S1', uploaded, sha1(bytes), { asUser: SENDER })).toEqual({
      kind: 'pending',
      retryAfterMs: 1000,
    });
    expect(await box.commitUploadSession('S1', uploaded, sha1(bytes), { asUser: SENDER })).toMatchObject({
      kind: 'committed',
      file: { id: '4242' },
    });
    const commit = server.requestsTo('POST', '/api/2.0/files/upload_sessions/S1/commit')[0];
    expect(commit?.headers['digest']).toBe(`sha=${createHash('sha1').update(bytes).digest('base64')}`);
    expect(JSON.parse(commit?.body ?? '')).toEqual({ parts: uploaded });
    expect(
      server.requests.filter((r) => r.path.startsWith('/api/')).every((r) => r.headers['as-user'] === SENDER),
    ).toBe(true);
  });

  it('traces upload calls under routes without ids', () => {
    expect(routeOf('/files/content')).toBe('/files/content');
    expect(routeOf('/files/upload_sessions/F97/commit')).toBe('/files/upload_sessions/{id}/commit');
    expect(routeOf('/files/upload_sessions/F97')).toBe('/files/upload_sessions/{id}');
  });
});
