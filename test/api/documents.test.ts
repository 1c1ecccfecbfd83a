import { createHash, randomBytes } from 'node:crypto';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBoxSignClient } from '../../box/sign-client';
import { emulatorBoxConfig } from '../../scripts/emulator/box-config';
import type { ApiRig } from '../support/api-rig';
import { apiClientsFor, newApiKey, startApiRig } from '../support/api-rig';
import type { ApiStack } from '../support/api-stack';
import { startApiStack } from '../support/api-stack';
import type { Harness } from '../support/harness';
import { signRequest } from '../support/harness';
import { boxRequestFor } from '../support/signers';
import { ApiClients, sha256Hex } from '../../config/api-clients';

const HR = '20001';
const SALES = '20002';
const FOLDER = '987654321';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const sha1 = (bytes: Buffer) => createHash('sha1').update(bytes).digest('hex');

/** A PDF-looking body of `size` random bytes (Box does not open it to upload it). */
function documentOf(size: number): Buffer {
  const bytes = randomBytes(size);
  bytes.write('%PDF-1.4\n', 0, 'latin1');
  return bytes;
}

function uniqueName(): string {
  return `contract-${randomBytes(6).toString('hex')}.pdf`;
}

interface Answer {
  status: number;
  body: {
    fileId: string;
    type: string;
    detail: string;
    errors: { field: string; rule: string }[];
    [field: string]: unknown;
  };
}

async function uploadTo(
  url: string,
  key: string,
  query: Record<string, string>,
  body: Buffer | ReadableStream<Uint8Array>,
  contentType = 'application/pdf',
): Promise<Answer> {
  const response = await fetch(`${url}/v1/documents?${new URLSearchParams(query).toString()}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': contentType },
    body,
    ...(body instanceof Buffer ? {} : { duplex: 'half' }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : JSON.parse(text) };
}

describe('POST /v1/documents: a business system hands over the document itself', () => {
  let stack: ApiStack;
  let h: Harness;
  let api: ApiRig;
  const upload = (query: Record<string, string>, body: Buffer, contentType?: string) =>
    uploadTo(api.url, api.keys.a, query, body, contentType);
  let callsBefore = 0;
  /** The upload calls Box answered since the test began (the worker's polls are left out). */
  const uploadCalls = async () =>
    (await h.control.calls())
      .slice(callsBefore)
      .filter((c) => c.path.startsWith('/api/2.0/') || c.path === '/2.0/files/content');
  const clearCalls = async () => {
    callsBefore = (await h.control.calls()).length;
  };
  /** GET on the emulator's Box API, with a token of its own. */
  const boxGet = async (path: string): Promise<unknown> => {
    const config = emulatorBoxConfig(h.emulator.url, 5_000);
    if (config.auth.kind !== 'client-credentials') throw new Error('client credentials expected');
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: config.auth.clientId,
      client_secret: config.auth.clientSecret,
      box_subject_type: 'enterprise',
      box_subject_id: config.auth.subjectId,
    });
    const token = (await (await fetch(config.tokenUrl, { method: 'POST', body: form })).json()) as {
      access_token: string;
    };
    return (
      await fetch(`${config.apiBaseUrl}${path}`, { headers: { authorization: `Bearer ${token.access_token}` } })
    ).json();
  };

  beforeAll(async () => {
    stack = await startApiStack();
    ({ h, api } = stack);
  }, 60_000);
  afterAll(() => stack?.stop());
  beforeEach(() => clearCalls());

  it('uploads it to Box (201 with its size and SHA-256), and the same bytes again answer 200 with no second upload', async () => {
    const bytes = documentOf(200_000);
    const name = uniqueName();
    const first = await upload({ name, folderId: FOLDER }, bytes);
    expect(first).toEqual({
      status: 201,
      body: { fileId: expect.stringMatching(/^\d+$/), name, size: 200_000, sha256: sha256(bytes) },
    });
    const file = (await boxGet(`/files/${first.body.fileId}`)) as { sha1: string };
    expect(file.sha1).toBe(sha1(bytes));
    expect((await uploadCalls()).map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
      'OPTIONS /2.0/files/content 200',
      'POST /api/2.0/files/content 201',
    ]);

    await clearCalls();
    const again = await upload({ name, folderId: FOLDER }, bytes);
    expect(again).toEqual({ status: 200, body: first.body });
    // Box was only asked whether the name is free: nothing was uploaded again.
    expect((await uploadCalls()).map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
      'OPTIONS /2.0/files/content 409',
    ]);
  });

  it('refuses a different file under a name already used in the folder (409), uploading nothing', async () => {
    const name = uniqueName();
    expect((await upload({ name, folderId: FOLDER }, documentOf(1000))).status).toBe(201);
    await clearCalls();
    const other = await upload({ name, folderId: FOLDER }, documentOf(1000));
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({
      type: 'urn:box-sign:problem:document-name-taken',
      detail: expect.stringContaining('different file with that name exists in the folder'),
    });
    expect((await uploadCalls()).map((c) => c.method)).toEqual(['OPTIONS']);
  });

  it('uploads as the named sender: the calls are that user’s on Box', async () => {
    const rig = await startApiRig(
      h,
      { box: createBoxSignClient(emulatorBoxConfig(h.emulator.url, 5_000)), allowedSenders: [HR] },
      { keys: api.keys, clients: apiClientsFor({ 'client-a': api.keys.a, 'client-b': api.keys.b }) },
    );
    try {
      const answer = await uploadTo(
        rig.url,
        api.keys.a,
        { name: uniqueName(), folderId: FOLDER, senderBoxUserId: HR },
        documentOf(500),
      );
      expect(answer.status).toBe(201);
      expect(new Set((await uploadCalls()).map((c) => c.user_id))).toEqual(new Set([HR]));
    } finally {
      await rig.stop();
    }
  });

  it('refuses a sender this client may not name, and bad input, naming the field and rule before any Box call', async () => {
    const keys = { a: newApiKey(), b: newApiKey() };
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const clients = ApiClients.fromJson({
      clients: [
        { name: 'hr-suite', keySha256: sha256Hex(keys.a), callbackSecret: secret, senders: [HR] },
        { name: 'sales-suite', keySha256: sha256Hex(keys.b), callbackSecret: secret, senders: [SALES] },
      ],
    });
    const rig = await startApiRig(
      h,
      { box: createBoxSignClient(emulatorBoxConfig(h.emulator.url, 5_000)), allowedSenders: [HR, SALES] },
      { keys, clients },
    );
    try {
      const asSales = await uploadTo(
        rig.url,
        keys.a,
        { name: uniqueName(), folderId: FOLDER, senderBoxUserId: SALES },
        documentOf(100),
      );
      expect(asSales.status).toBe(403);
      expect(asSales.body.errors).toEqual([
        { field: 'senderBoxUserId', rule: 'is not one of the senders this API client may name' },
      ]);
      const bad = await uploadTo(rig.url, keys.a, { folderId: 'inbox' }, documentOf(100), 'application/zip');
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e) => e.field)).toEqual(['Content-Type', 'name', 'folderId']);
      const wrongExtension = await uploadTo(
        rig.url,
        keys.a,
        { name: 'contract.zip', folderId: FOLDER },
        documentOf(100),
      );
      expect(wrongExtension.body.errors).toEqual([
        { field: 'name', rule: expect.stringContaining('must end with an extension Box Sign converts (.pdf,') },
      ]);
      expect(await uploadCalls()).toEqual([]);
    } finally {
      await rig.stop();
    }
  });

  it('refuses a document above the maximum with 413 — declared or streamed — and sends Box nothing', async () => {
    const rig = await startApiRig(
      h,
      { box: createBoxSignClient(emulatorBoxConfig(h.emulator.url, 5_000)), documentMaxBytes: 10_000 },
      { keys: api.keys, clients: apiClientsFor({ 'client-a': api.keys.a, 'client-b': api.keys.b }) },
    );
    try {
      const declared = await uploadTo(
        rig.url,
        api.keys.a,
        { name: uniqueName(), folderId: FOLDER },
        documentOf(10_001),
      );
      expect(declared.status).toBe(413);
      expect(declared.body.detail).toContain('maximum of 10000 bytes');
      const bytes = documentOf(30_000);
      const streamed = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let at = 0; at < bytes.length; at += 4096) controller.enqueue(bytes.subarray(at, at + 4096));
          controller.close();
        },
      });
      const chunked = await uploadTo(rig.url, api.keys.a, { name: uniqueName(), folderId: FOLDER }, streamed);
      expect(chunked.status).toBe(413);
      const exact = await uploadTo(rig.url, api.keys.a, { name: uniqueName(), folderId: FOLDER }, documentOf(10_000));
      expect(exact.status).toBe(201);
      expect((await uploadCalls()).filter((c) => c.method === 'POST')).toHaveLength(1);
    } finally {
      await rig.stop();
    }
  });

  it('sends a 60 MB document through a chunked upload session, each part with its digest', async () => {
    const bytes = documentOf(60 * 1024 * 1024);
    const answer = await upload({ name: uniqueName(), folderId: FOLDER }, bytes);
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ size: bytes.length, sha256: sha256(bytes) });
    const calls = (await uploadCalls()).map(
      (c) => `${c.method} ${c.path.replace(/upload_sessions\/[^/]+/, 'upload_sessions/{id}')} ${c.status}`,
    );
    expect(calls[0]).toBe('OPTIONS /2.0/files/content 200');
    expect(calls[1]).toBe('POST /api/2.0/files/upload_sessions 201');
    expect(calls.filter((c) => c.startsWith('PUT /api/2.0/files/upload_sessions/{id} 200')).length).toBeGreaterThan(1);
    expect(calls.at(-1)).toBe('POST /api/2.0/files/upload_sessions/{id}/commit 201');
    expect(calls).not.toContain('POST /api/2.0/files/content 201');
    const file = (await boxGet(`/files/${answer.body.fileId}`)) as { sha1: string; size: number };
    expect(file).toMatchObject({ sha1: sha1(bytes), size: bytes.length });
  }, 120_000);

  it('a body that reaches Box changed (its SHA-1 is not the content-md5 sent) is refused, and nothing is stored', async () => {
    const proxy = await startCorruptingProxy(h.emulator.url);
    const rig = await startApiRig(
      h,
      {
        box: createBoxSignClient({
          ...emulatorBoxConfig(h.emulator.url, 5_000),
          uploadBaseUrl: `${proxy.url}/api/2.0`,
        }),
      },
      { keys: api.keys, clients: apiClientsFor({ 'client-a': api.keys.a, 'client-b': api.keys.b }) },
    );
    try {
      const name = uniqueName();
      const answer = await uploadTo(rig.url, api.keys.a, { name, folderId: FOLDER }, documentOf(5_000));
      expect(answer.status).toBe(502);
      expect(answer.body.type).toBe('urn:box-sign:problem:document-corrupted');
      expect((await uploadCalls()).map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
        'OPTIONS /2.0/files/content 200',
        'POST /api/2.0/files/content 400',
      ]);
      // Nothing was kept: the name is still free.
      expect((await upload({ name, folderId: FOLDER }, documentOf(100))).status).toBe(201);
    } finally {
      await rig.stop();
      await proxy.stop();
    }
  });

  it('the uploaded id starts a sign request on that document', async () => {
    const uploaded = await upload({ name: uniqueName(), folderId: FOLDER }, documentOf(2_000));
    const input = signRequest({
      sourceFiles: [{ id: uploaded.body.fileId }],
      signers: [{ email: 'doc@example.com' }],
    });
    const started = await api.call('POST', '/v1/sign-requests', { body: input });
    expect(started.status).toBe(201);
    const id = await boxRequestFor(h.control, started.body.workflowId as string);
    const request = (await boxGet(`/sign_requests/${id}`)) as { source_files: { id: string }[] };
    expect(request.source_files.map((f) => f.id)).toEqual([uploaded.body.fileId]);
  });
});

/** A hop in front of the emulator's upload host that flips the last byte of the file part of every direct upload. */
async function startCorruptingProxy(target: string): Promise<{ url: string; stop(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const boundary = /boundary=(.+)$/.exec(String(req.headers['content-type']))?.[1];
      if (req.method === 'POST' && boundary !== undefined) {
        const at = body.length - Buffer.byteLength(`\r\n--${boundary}--\r\n`) - 1;
        body[at] = (body[at] ?? 0) ^ 0xff;
      }
      const forward = httpRequest(
        `${target}${req.url ?? '/'}`,
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
