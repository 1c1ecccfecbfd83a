import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { CallbackSecrets } from '../../callbacks/callback-secrets';
import type { CallbackDeliveryDeps } from '../../callbacks/deliver-callback';
import { createCallbackActivities } from '../../callbacks/deliver-callback';
import type { CallbackEvent, DeliverCallbackInput } from '../../contracts';
import { ErrorType } from '../../contracts';
import type { Logger } from '../../logging/logger';
import { silentLogger } from '../../logging/logger';
import { loadWorkerConfig } from '../../worker/config';
import { ConfigError } from '../../config/config-error';
import { generateCallbackSecret } from '../support/callback-receiver';

/** The delivery activity against a real HTTP server on a free port (no mocked axios). */
describe('the callback delivery activity', () => {
  const secret = generateCallbackSecret();
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  const deps: CallbackDeliveryDeps = {
    secretFor: (name) => (name === 'crm' ? secret : undefined),
    allowHosts: ['127.0.0.1'],
  };
  let server: Server;
  let base: string;
  let reply: { status: number; headers?: Record<string, string> };
  let requests: { url: string; headers: IncomingHttpHeaders; body: string }[];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        requests.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(reply.status, reply.headers).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    reply = { status: 204 };
    requests = [];
  });

  const event: CallbackEvent = {
    type: 'sign_request.signed',
    timestamp: '2026-12-01T10:00:00.000Z',
    data: {
      businessKey: 'order-1',
      workflowId: 'box-sign-order-1',
      signRequestId: 'sr-1',
      outcome: 'signed',
      status: 'signed',
      signers: [],
      signedFileIds: ['1'],
      signingLogFileId: '2',
      finishedAt: null,
      cancellation: null,
      failure: null,
    },
  };
  const input = (overrides: Partial<DeliverCallbackInput> = {}): DeliverCallbackInput => ({
    url: `${base}/hook?token=t`,
    apiClient: 'crm',
    webhookId: 'msg_box-sign-order-1_sign_request.signed',
    event,
    ...overrides,
  });

  /** `with_` null: a worker started without BOX_SIGN_API_KEYS_FILE. */
  function deliver(
    attempt: number,
    args: DeliverCallbackInput,
    with_: CallbackDeliveryDeps | null = deps,
  ): Promise<unknown> {
    const env = new MockActivityEnvironment({ attempt }, { logger: quiet });
    return env.run(createCallbackActivities(with_ ?? undefined, silentLogger).deliverCallback, args);
  }

  async function failure(
    attempt: number,
    args: DeliverCallbackInput,
    with_: CallbackDeliveryDeps | null = deps,
  ): Promise<ApplicationFailure> {
    const err = await deliver(attempt, args, with_).then(
      () => new Error('expected a failure'),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApplicationFailure);
    return err as ApplicationFailure;
  }

  it('POSTs the exact signed body with the Standard Webhooks headers, and reports the attempt', async () => {
    const delivered = await deliver(3, input());
    expect(delivered).toEqual({ deliveredAt: expect.any(String), attempts: 3, httpStatus: 204 });
    const [request] = requests;
    expect(request!.url).toBe('/hook?token=t');
    expect(request!.headers['webhook-id']).toBe('msg_box-sign-order-1_sign_request.signed');
    expect(Math.abs(Number(request!.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
    expect(new Webhook(secret).verify(request!.body, request!.headers as Record<string, string>)).toEqual(event);
  });

  it('does not follow a redirect: a 3xx stops the retries', async () => {
    reply = { status: 302, headers: { location: `${base}/elsewhere` } };
    const err = await failure(1, input());
    expect(err).toMatchObject({ type: ErrorType.CallbackRejected, nonRetryable: true });
    expect(err.message).toBe(`127.0.0.1:${new URL(base).port}: http 3xx: redirects are not followed`);
    expect(requests.map((r) => r.url)).toEqual(['/hook?token=t']);
  });

  it.each([408, 429, 500, 503])('HTTP %i is retried', async (status) => {
    reply = { status };
    const err = await failure(2, input());
    expect(err).toMatchObject({ type: ErrorType.CallbackDeliveryFailed, nonRetryable: false });
    // The class of the answer, not the code: the message reaches the API client.
    expect(err.message).toBe(`127.0.0.1:${new URL(base).port}: http ${String(status)[0]}xx`);
    expect(err.message).not.toContain('token');
  });

  it.each([400, 401, 404, 410, 422])('HTTP %i stops the retries', async (status) => {
    reply = { status };
    expect(await failure(1, input())).toMatchObject({ type: ErrorType.CallbackRejected, nonRetryable: true });
  });

  it("honours a 429's Retry-After (capped at the back-off's maximum)", async () => {
    reply = { status: 429, headers: { 'retry-after': '7' } };
    expect((await failure(1, input())).nextRetryDelay).toBe(7_000);
  });

  it('an unreachable receiver is retried, naming the host only', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await failure(1, input({ url: `http://127.0.0.1:${port}/hook?token=secret-token` }));
    expect(err).toMatchObject({ type: ErrorType.CallbackDeliveryFailed, nonRetryable: false });
    expect(err.message).toBe(`127.0.0.1:${port}: unreachable`);
    expect(err.message).not.toContain('secret-token');
  });

  it('checks the URL policy again before POSTing: a private host off the allow list is refused', async () => {
    const err = await failure(1, input(), { ...deps, allowHosts: [] });
    expect(err).toMatchObject({ type: ErrorType.CallbackUrlRefused, nonRetryable: true });
    expect(requests).toEqual([]);
  });

  it('without a secret for the client it fails at once and says what is missing', async () => {
    const unknown = await failure(1, input({ apiClient: 'other' }));
    expect(unknown).toMatchObject({ type: ErrorType.CallbackSecretMissing, nonRetryable: true });
    expect(unknown.message).toContain("API client 'other'");
    const noFile = await failure(1, input(), null);
    expect(noFile.message).toContain('BOX_SIGN_API_KEYS_FILE is not set');
    const noClient = await failure(1, input({ apiClient: null }));
    expect(noClient.message).toContain('no ApiClient search attribute');
    expect(requests).toEqual([]);
  });
});

describe("the worker's callback secrets", () => {
  const dir = mkdtempSync(join(tmpdir(), 'callback-secrets-'));
  const file = join(dir, 'api-keys.json');
  const write = (callbackSecret: string, mtime: number) => {
    const clients = [{ name: 'crm', keySha256: 'a'.repeat(64), callbackSecret }];
    writeFileSync(file, JSON.stringify({ clients }));
    utimesSync(file, mtime, mtime);
  };
  const errors: string[] = [];
  const logger: Logger = { ...silentLogger, error: (message) => errors.push(message) };

  it('are re-read when the file changes (rotation without a restart); a broken file keeps the last good copy', () => {
    const first = generateCallbackSecret();
    const second = generateCallbackSecret();
    write(first, 1_000);
    const secrets = CallbackSecrets.fromFile(file, logger);
    expect(secrets.secretsFor('crm')).toEqual([first]);
    expect(secrets.secretsFor('nobody')).toBeUndefined();

    write(second, 2_000);
    expect(secrets.secretsFor('crm')).toEqual([second]);

    writeFileSync(file, '{ not json');
    utimesSync(file, 3_000, 3_000);
    expect(secrets.secretsFor('crm')).toEqual([second]);
    expect(errors).toEqual([expect.stringContaining('could not be re-read')]);
  });

  it('a broken file stops the worker at start-up, naming the setting and never a value', () => {
    writeFileSync(file, JSON.stringify({ clients: [{ name: 'crm', keySha256: 'x', callbackSecret: 'whsec_short' }] }));
    const load = () =>
      loadWorkerConfig({
        BOX_DEVELOPER_TOKEN: 't',
        BOX_API_BASE_URL: 'http://127.0.0.1:8788/2.0',
        BOX_SIGN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
        BOX_SIGN_API_KEYS_FILE: file,
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/BOX_SIGN_API_KEYS_FILE: clients\.0\.callbackSecret/);
    expect(load).not.toThrow(/whsec_short/);
  });

  it('are optional, and the allow list is read from BOX_SIGN_CALLBACK_ALLOW_HOSTS', () => {
    const config = loadWorkerConfig({
      BOX_DEVELOPER_TOKEN: 't',
      BOX_API_BASE_URL: 'http://127.0.0.1:8788/2.0',
      BOX_SIGN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      BOX_SIGN_SEALING_PRIVATE_KEYS: `s1:${Buffer.alloc(32, 9).toString('base64')}`,
      BOX_SIGN_CALLBACK_ALLOW_HOSTS: ' LocalHost, 127.0.0.1 ',
    });
    expect(config.callbacks).toEqual({
      apiKeysFile: null,
      allowHosts: ['localhost', '127.0.0.1'],
      dns: { servers: [], timeoutMs: 2_000 },
      proxyUrl: null,
    });
  });
});
