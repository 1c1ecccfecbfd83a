import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { createDataConverter } from '../../config/data-converter';
import { EncryptionCodec } from '../../encryption/encryption-codec';
import type { RunningCodecServer } from '../../encryption/codec-server';
import { startCodecServer } from '../../encryption/codec-server';
import { ConfigError } from '../../config/config-error';
import { loadCodecServerConfig } from '../../encryption/codec-server-config';
import { generateKeyRing } from '../../encryption/key-ring';
import { payloadsFromJson, payloadsToJson } from '../../encryption/payload-json';
import { plaintextFindings, temporalCli } from '../support/plaintext-search';

const UI_ORIGIN = 'http://localhost:8233';
const TOKEN = `codec-token-${randomUUID()}`;
const keyRing = generateKeyRing('codec-test');
const codec = new EncryptionCodec(keyRing);
const signer = { email: 'codec.reader@example.com', password: 'open sesame 42' };

describe('the codec server (Web UI and CLI decoding)', () => {
  let server: RunningCodecServer;
  let pathTokenServer: RunningCodecServer;
  beforeAll(async () => {
    const base = { keyRing, authToken: TOKEN, allowedOrigins: [UI_ORIGIN] };
    server = await startCodecServer({ ...base, acceptTokenInPath: false });
    pathTokenServer = await startCodecServer({ ...base, acceptTokenInPath: true });
  });
  afterAll(async () => {
    await server?.stop();
    await pathTokenServer?.stop();
  });

  const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const encryptedBody = async () => payloadsToJson(await codec.encode([defaultPayloadConverter.toPayload(signer)]));

  it('answers its probes and serves its metrics without the token, and counts requests by route', async () => {
    for (const path of ['/healthz', '/health'])
      expect(await (await fetch(`${server.url}${path}`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: 'ready' });
    await post(`${server.url}/decode`, await encryptedBody());
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/box_sign_http_requests_total\{route="\/\*",method="POST",status="401"\} 1/);
    expect(metrics).not.toContain(TOKEN);
  });

  it('decodes for a caller with the bearer token, and encodes with the active key', async () => {
    const decoded = await post(`${server.url}/decode`, await encryptedBody(), { authorization: `Bearer ${TOKEN}` });
    expect(decoded.status).toBe(200);
    const [payload] = payloadsFromJson(await decoded.json());
    expect(defaultPayloadConverter.fromPayload(payload!)).toEqual(signer);

    const plain = payloadsToJson([defaultPayloadConverter.toPayload(signer)]);
    const encoded = await post(`${server.url}/encode`, plain, { authorization: `Bearer ${TOKEN}` });
    expect(encoded.status).toBe(200);
    const sealed = payloadsFromJson(await encoded.json());
    expect(Buffer.from(sealed[0]?.metadata?.['encryption-key-id'] ?? []).toString()).toBe('codec-test');
    expect(defaultPayloadConverter.fromPayload((await codec.decode(sealed))[0]!)).toEqual(signer);
  });

  it('answers 401 and decodes nothing without the token or with a wrong one', async () => {
    const body = await encryptedBody();
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-token-0000000000' },
      { authorization: TOKEN },
    ];
    for (const headers of attempts) {
      const response = await post(`${server.url}/decode`, body, headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      const text = await response.text();
      expect(text).not.toContain('payloads');
      expect(text).not.toContain(Buffer.from(JSON.stringify(signer.email)).toString('base64').slice(0, 12));
    }
  });

  it('takes the token in the path only when configured to (the local Web UI cannot send a header over http)', async () => {
    const body = await encryptedBody();
    expect((await post(`${server.url}/${TOKEN}/decode`, body)).status).toBe(401);
    expect((await post(`${pathTokenServer.url}/${TOKEN}/decode`, body)).status).toBe(200);
    expect((await post(`${pathTokenServer.url}/not-the-token-000000/decode`, body)).status).toBe(401);
  });

  it('answers a CORS preflight from the Web UI origin, and refuses one from any other origin', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/decode`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-namespace',
        },
      });
    const allowed = await preflight(UI_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('x-namespace');

    const refused = await preflight('https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();

    const crossOriginPost = await post(`${server.url}/decode`, await encryptedBody(), {
      origin: 'https://evil.example',
      authorization: `Bearer ${TOKEN}`,
    });
    expect(crossOriginPost.status).toBe(403);
  });

  it('rejects malformed bodies and refuses payloads that fail to decrypt, with a clear reason', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await post(`${server.url}/decode`, { nope: true }, auth)).status).toBe(400);
    const body = await encryptedBody();
    const data = Buffer.from(body.payloads[0]?.data ?? '', 'base64');
    data[15] = (data[15] ?? 0) ^ 0xff;
    const tampered = { payloads: [{ ...body.payloads[0], data: data.toString('base64') }] };
    const response = await post(`${server.url}/decode`, tampered, auth);
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: 'PayloadDecryptionError', reason: 'authentication-failed' });
  });

  it('answers a body over the 8 MiB limit with a 413 naming the limit, declared length or streamed', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const oversized = { payloads: [{ metadata: {}, data: 'A'.repeat(8 * 1024 * 1024) }] };
    const declared = await post(`${server.url}/decode`, oversized, auth);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({ error: 'body_too_large', message: 'bodies are limited to 8388608 bytes' });

    const bytes = Buffer.from(JSON.stringify(oversized));
    const streamed = await fetch(`${server.url}/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: new ReadableStream({
        start(controller) {
          for (let at = 0; at < bytes.length; at += 1024 * 1024)
            controller.enqueue(bytes.subarray(at, at + 1024 * 1024));
          controller.close();
        },
      }),
      duplex: 'half',
    });
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ error: 'body_too_large' });
  });

  it('answers 413, not a reset, to a body many times the limit, and keeps serving', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const huge = await fetch(`${server.url}/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: Buffer.alloc(64 * 1024 * 1024, 0x41),
    });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('connection')).toBe('close');
    expect(await huge.json()).toEqual({ error: 'body_too_large', message: 'bodies are limited to 8388608 bytes' });
    expect((await post(`${server.url}/decode`, await encryptedBody(), auth)).status).toBe(200);
  });

  it('`temporal workflow show --codec-endpoint … --codec-auth …` shows the decoded input; without them it cannot', async () => {
    const connection = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS });
    const client = new Client({ connection, dataConverter: createDataConverter({ mode: 'encrypted', keyRing }) });
    const workflowId = `codec-cli-${randomUUID()}`;
    // No worker polls this queue: the started event and its encrypted input are all this test needs.
    const handle = await client.workflow.start('signRequestWorkflow', {
      workflowId,
      taskQueue: `nobody-${randomUUID()}`,
      args: [{ signers: [signer] }],
    });
    try {
      const show = ['workflow', 'show', '--workflow-id', workflowId, '--output', 'json'];
      const decoded = await temporalCli([...show, '--codec-endpoint', server.url, '--codec-auth', `Bearer ${TOKEN}`]);
      expect(decoded.code).toBe(0);
      expect(plaintextFindings(JSON.parse(decoded.stdout), [signer.email, signer.password])).toHaveLength(2);
      const raw = await temporalCli(show);
      expect(plaintextFindings(JSON.parse(raw.stdout), [signer.email, signer.password])).toEqual([]);
    } finally {
      await handle.terminate('test over');
      await connection.close();
    }
  });

  it('refuses to start without keys or token, naming each setting and never echoing a value', () => {
    let error: unknown;
    try {
      loadCodecServerConfig({ CODEC_SERVER_PORT: 'x', CODEC_SERVER_UI_ORIGINS: 'localhost:8233' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringContaining('no payload encryption key'),
      expect.stringContaining('CODEC_SERVER_PORT'),
      expect.stringContaining('no auth token'),
      expect.stringContaining('CODEC_SERVER_UI_ORIGINS'),
    ]);
    expect(() =>
      loadCodecServerConfig({
        BOX_SIGN_ENCRYPTION_KEYS: `k:${Buffer.alloc(32).toString('base64')}`,
        CODEC_SERVER_AUTH_TOKEN: 'short',
      }),
    ).toThrow(/at least 16/);
  });
});
