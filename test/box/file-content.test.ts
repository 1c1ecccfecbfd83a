import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hashStream } from '../../documents/hash-stream';
import { createBoxSignClient } from '../../box/sign-client';
import { BoxApiError } from '../../box/errors';

/**
 * Box's file content over real HTTP: an "API host" that answers 302 to a "download host" on another port (as Box
 * sends dl.boxcloud.com), 202 with Retry-After, or an error; each records the headers it received.
 */
interface Seen {
  path: string;
  headers: IncomingHttpHeaders;
}

const BYTES = Buffer.from('%PDF-1.7 a signed document\n'.repeat(2000));

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('Box file content (GET /files/{id}/content)', () => {
  let download: Awaited<ReturnType<typeof serve>>;
  let api: Awaited<ReturnType<typeof serve>>;
  let notReadyLeft = 0;

  beforeAll(async () => {
    download = await serve((req, res) => {
      const range = /^bytes=(\d+)-(\d+)$/.exec(String(req.headers.range ?? ''));
      if (range) {
        const [start, end] = [Number(range[1]), Number(range[2])];
        res.writeHead(206, {
          'content-type': 'application/pdf',
          'content-length': end - start + 1,
          'content-range': `bytes ${start}-${end}/${BYTES.length}`,
        });
        res.end(BYTES.subarray(start, end + 1));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': BYTES.length });
      res.end(BYTES);
    });
    api = await serve((req, res) => {
      if (req.url?.startsWith('/2.0/files/gone/')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ type: 'error', status: 404, code: 'not_found', message: 'Not Found' }));
      } else if (req.url?.startsWith('/2.0/files/busy/')) {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ type: 'error', status: 503, code: 'unavailable', message: 'try later' }));
      } else if (notReadyLeft > 0) {
        notReadyLeft -= 1;
        res.writeHead(202, { 'retry-after': '3' });
        res.end();
      } else {
        res.writeHead(302, { location: `${download.url}/d/1/signed.pdf?sig=presigned` });
        res.end();
      }
    });
  });
  afterAll(async () => {
    await api?.stop();
    await download?.stop();
  });

  const client = () =>
    createBoxSignClient({
      apiBaseUrl: `${api.url}/2.0`,
      uploadBaseUrl: `${api.url}/api/2.0`,
      tokenUrl: `${api.url}/oauth2/token`,
      auth: { kind: 'developer-token', token: 'secret-token' },
      timeoutMs: 5_000,
    });

  it('follows the 302 to the download host without the bearer token or as-user, and streams the bytes', async () => {
    const content = await client().openFileContent('12345', { asUser: '20001' });
    if (content.kind !== 'content') throw new Error('expected content');
    const digest = await hashStream(content.body);
    expect(digest).toEqual({ size: BYTES.length, sha256: createHash('sha256').update(BYTES).digest('hex') });
    const toApi = api.seen.at(-1)!;
    expect([toApi.path, toApi.headers.authorization, toApi.headers['as-user']]).toEqual([
      '/2.0/files/12345/content',
      'Bearer secret-token',
      '20001',
    ]);
    const toDownload = download.seen.at(-1)!;
    expect([toDownload.path, toDownload.headers.authorization, toDownload.headers['as-user']]).toEqual([
      '/d/1/signed.pdf?sig=presigned',
      undefined,
      undefined,
    ]);
  });

  it('passes Range through to the download host: 206 with the slice', async () => {
    const content = await client().openFileContent('12345', {}, { range: 'bytes=10-19' });
    if (content.kind !== 'content') throw new Error('expected content');
    const digest = await hashStream(content.body);
    expect([content.status, content.headers['content-range'], digest.size]).toEqual([
      206,
      `bytes 10-19/${BYTES.length}`,
      10,
    ]);
    expect(download.seen.at(-1)!.headers.range).toBe('bytes=10-19');
  });

  it("answers notReady with Box's Retry-After on a 202", async () => {
    notReadyLeft = 1;
    await expect(client().openFileContent('12345')).resolves.toEqual({ kind: 'notReady', retryAfterMs: 3_000 });
  });

  it('classifies a 404 as final and a 503 as retryable', async () => {
    const gone = await client()
      .openFileContent('gone')
      .catch((err: unknown) => err);
    const busy = await client()
      .openFileContent('busy')
      .catch((err: unknown) => err);
    expect(gone).toBeInstanceOf(BoxApiError);
    expect([(gone as BoxApiError).status, (gone as BoxApiError).retryable]).toEqual([404, false]);
    expect([(busy as BoxApiError).status, (busy as BoxApiError).retryable]).toEqual([503, true]);
  });

  it('refuses a file id that is not one, before any call', async () => {
    const before = api.seen.length;
    await expect(client().openFileContent('../users/me')).rejects.toThrow(/file id must be/);
    expect(api.seen.length).toBe(before);
  });
});

describe('hashStream', () => {
  it('rejects a download shorter than announced', async () => {
    const { Readable } = await import('node:stream');
    await expect(hashStream(Readable.from([Buffer.from('abc')]), () => undefined, 10)).rejects.toThrow(
      /ended after 3 of 10 bytes/,
    );
  });
});
