import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import { createCallbackResolver, resolvingOncePerHost } from '../../callbacks/callback-resolver';
import type { CallbackDeliveryDeps } from '../../callbacks/deliver-callback';
import { createCallbackActivities } from '../../callbacks/deliver-callback';
import { NON_PUBLIC_RANGES, isPublicAddress } from '../../callbacks/public-address';
import { NON_PUBLIC_RULE, callbackUrlProblem } from '../../callbacks/url-policy';
import type { CallbackEvent, DeliverCallbackInput } from '../../contracts';
import { ErrorType } from '../../contracts';
import { silentLogger } from '../../logging/logger';
import { generateCallbackSecret } from '../support/callback-receiver';
import type { TinyDnsServer } from '../support/tiny-dns-server';
import { startTinyDnsServer } from '../support/tiny-dns-server';

/**
 * Callbacks cannot reach inside: the policy holds on the address a connection actually dials (a real DNS server on
 * a free UDP port plays the rebinding attacker), on every IPv6 form that wraps an IPv4 address, and no proxy from
 * the environment sits in the path. Real sockets throughout; nothing mocks axios.
 */
const PUBLIC_V4 = '93.184.215.14';
const PUBLIC_V6 = '2606:2800:21f:cb07:6820:80da:af6b:8b2c';

describe('which addresses a callback may reach', () => {
  it.each([
    ['IPv4-compatible ::/96', '::7f00:1'],
    ['IPv4-compatible, dotted', '::10.0.0.1'],
    ['local NAT64 64:ff9b:1::/48', '64:ff9b:1::a00:1'],
    ['well-known NAT64', '64:ff9b::7f00:1'],
    ['6to4 2002::/16', '2002:7f00:1::1'],
    ['site-local fec0::/10', 'fec0::1'],
    ['site-local, upper end', 'feff:ffff::1'],
    ['Teredo 2001::/32', '2001:0:4136:e378:8000:63bf:3fff:fdd2'],
    ['unique local', 'fd00::1'],
    ['link-local', 'fe80::1'],
  ])('%s (%s) is refused, as a literal and as what a host resolves to', async (_range, address) => {
    expect(isPublicAddress(address)).toBe(false);
    expect(await callbackUrlProblem(`https://[${address}]/hook`, [])).toBe(NON_PUBLIC_RULE);
    expect(await callbackUrlProblem('https://hooks.example/hook', [], () => Promise.resolve([address]))).toBe(
      NON_PUBLIC_RULE,
    );
  });

  it('refuses the IPv4-mapped form of every IPv4 range, dotted and hex', () => {
    for (const [network] of NON_PUBLIC_RANGES.ipv4) {
      const [a, b, c, d] = network.split('.').map(Number) as [number, number, number, number];
      const last = d + 1;
      const hex = `::ffff:${((a << 8) | b).toString(16)}:${((c << 8) | last).toString(16)}`;
      expect([network, isPublicAddress(`::ffff:${a}.${b}.${c}.${last}`), isPublicAddress(hex)]).toEqual([
        network,
        false,
        false,
      ]);
    }
  });

  it('allows public unicast addresses', () => {
    expect(isPublicAddress(PUBLIC_V4)).toBe(true);
    expect(isPublicAddress(PUBLIC_V6)).toBe(true);
    expect(isPublicAddress('not-an-address')).toBe(false);
  });
});

describe('callback host look-ups', () => {
  let dns: TinyDnsServer;
  beforeEach(async () => {
    dns = await startTinyDnsServer();
  });
  afterEach(() => dns.stop());

  it('go to the configured name servers, A and AAAA', async () => {
    dns.answer = (query) => (query.type === 'A' ? [PUBLIC_V4] : [PUBLIC_V6]);
    const resolve = createCallbackResolver({ servers: [dns.server], timeoutMs: 1_000 });
    expect(await resolve('hooks.example')).toEqual([PUBLIC_V4, PUBLIC_V6]);
    expect(await callbackUrlProblem('https://hooks.example/hook', [], resolve)).toBeNull();
  });

  it('time out: a silent name server makes the host one that does not resolve, within the timeout', async () => {
    dns.answer = () => 'silence';
    const resolve = createCallbackResolver({ servers: [dns.server], timeoutMs: 150 });
    const started = Date.now();
    expect(await callbackUrlProblem('https://slow.example/hook', [], resolve)).toBe('must name a host that resolves');
    // Two tries of 150 ms (c-ares may double the second): far from getaddrinfo's unbounded wait.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('are asked once per host in a batch', async () => {
    dns.answer = () => [PUBLIC_V4];
    const resolve = resolvingOncePerHost(createCallbackResolver({ servers: [dns.server], timeoutMs: 1_000 }));
    const urls = [...Array(20).keys()].map((i) => `https://${i % 2 === 0 ? 'a' : 'b'}.example/hook/${i}`);
    expect(await Promise.all(urls.map((url) => callbackUrlProblem(url, [], resolve)))).toEqual(urls.map(() => null));
    expect(dns.queries.filter((q) => q.type === 'A').map((q) => q.name)).toEqual(['a.example', 'b.example']);
  });
});

describe('a callback delivery', () => {
  const secret = generateCallbackSecret();
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
  const input = (url: string): DeliverCallbackInput => ({
    url,
    apiClient: 'crm',
    webhookId: 'msg_box-sign-order-1_sign_request.signed',
    event,
  });
  function deliver(deps: CallbackDeliveryDeps, url: string): Promise<unknown> {
    const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
    const env = new MockActivityEnvironment({ attempt: 1 }, { logger: quiet });
    return env.run(createCallbackActivities(deps, silentLogger).deliverCallback, input(url));
  }
  async function failure(deps: CallbackDeliveryDeps, url: string): Promise<ApplicationFailure> {
    const err = await deliver(deps, url).then(
      () => new Error('expected a failure'),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApplicationFailure);
    return err as ApplicationFailure;
  }

  let dns: TinyDnsServer;
  /** Where 127.0.0.1 would be dialled: counts every TCP connection, whatever the protocol. */
  let inside: NetServer;
  let insidePort: number;
  let connections: number;
  let resolve: ReturnType<typeof createCallbackResolver>;
  beforeEach(async () => {
    dns = await startTinyDnsServer();
    resolve = createCallbackResolver({ servers: [dns.server], timeoutMs: 1_000 });
    connections = 0;
    inside = createNetServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((done) => inside.listen(0, '127.0.0.1', done));
    insidePort = (inside.address() as AddressInfo).port;
  });
  afterEach(async () => {
    await dns.stop();
    await new Promise<void>((done) => inside.close(() => done()));
  });
  const deps = (extra: Partial<CallbackDeliveryDeps> = {}): CallbackDeliveryDeps => ({
    secretFor: (name) => (name === 'crm' ? secret : undefined),
    allowHosts: [],
    resolve,
    ...extra,
  });

  it('to a host that answers a public address first and 127.0.0.1 next is refused at connect time', async () => {
    dns.answer = (query, asked) => (query.type === 'A' ? [asked === 0 ? PUBLIC_V4 : '127.0.0.1'] : []);
    const url = `https://rebind.example:${insidePort}/hook`;
    // Where the request entered, the host was public…
    expect(await callbackUrlProblem(url, [], resolve)).toBeNull();
    // …and when the worker connects it is not.
    const err = await failure(deps(), url);
    expect(err).toMatchObject({ type: ErrorType.CallbackUrlRefused, nonRetryable: true });
    expect(err.message).toBe(`rebind.example:${insidePort}: refused: address not allowed`);
    expect(connections).toBe(0);
    expect(dns.queries.filter((q) => q.name === 'rebind.example' && q.type === 'A')).toHaveLength(2);
  });

  it.each([
    ['IPv4-compatible', '::7f00:1'],
    ['local NAT64', '64:ff9b:1::7f00:1'],
    ['6to4', '2002:7f00:1::1'],
    ['site-local', 'fec0::1'],
    ['IPv4-mapped', '::ffff:127.0.0.1'],
  ])('to a host whose AAAA is %s is refused at connect time', async (_range, address) => {
    dns.answer = (query) => (query.type === 'AAAA' ? [address] : []);
    const err = await failure(deps(), `https://v6.example:${insidePort}/hook`);
    expect(err).toMatchObject({ type: ErrorType.CallbackUrlRefused, message: expect.stringContaining('refused') });
  });

  it('to a host that does not resolve says only that it is unreachable, and may heal', async () => {
    dns.answer = () => 'nxdomain';
    const err = await failure(deps(), 'https://gone.example/hook');
    expect(err).toMatchObject({ type: ErrorType.CallbackDeliveryFailed, nonRetryable: false });
    expect(err.message).toBe('gone.example: unreachable');
  });

  describe('and proxies', () => {
    let receiver: Server;
    let proxy: Server;
    let received: string[];
    let proxied: string[];
    const saved = { ...process.env };
    beforeEach(async () => {
      received = [];
      proxied = [];
      receiver = createServer((req, res) => {
        received.push(req.url ?? '');
        req.resume().on('end', () => res.writeHead(204).end());
      });
      proxy = createServer((req, res) => {
        proxied.push(req.url ?? '');
        req.resume().on('end', () => res.writeHead(204).end());
      });
      await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
      await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
    });
    afterEach(async () => {
      process.env = { ...saved };
      await new Promise<void>((done) => receiver.close(() => done()));
      await new Promise<void>((done) => proxy.close(() => done()));
    });
    const portOf = (server: Server) => (server.address() as AddressInfo).port;

    it('the environment names are ignored: the POST goes straight to the receiver', async () => {
      const proxyUrl = `http://127.0.0.1:${portOf(proxy)}`;
      Object.assign(process.env, { HTTP_PROXY: proxyUrl, http_proxy: proxyUrl, HTTPS_PROXY: proxyUrl });
      delete process.env.NO_PROXY;
      delete process.env.no_proxy;
      const delivered = await deliver(deps({ allowHosts: ['127.0.0.1'] }), `http://127.0.0.1:${portOf(receiver)}/hook`);
      expect(delivered).toMatchObject({ httpStatus: 204 });
      expect(received).toEqual(['/hook']);
      expect(proxied).toEqual([]);
    });

    it('a configured one carries the POST, and the host is checked before it is sent', async () => {
      const proxyUrl = `http://127.0.0.1:${portOf(proxy)}`;
      const url = `http://127.0.0.1:${portOf(receiver)}/hook`;
      expect(await deliver(deps({ allowHosts: ['127.0.0.1'], proxyUrl }), url)).toMatchObject({ httpStatus: 204 });
      expect(proxied).toEqual([url]);
      expect(received).toEqual([]);

      dns.answer = (query) => (query.type === 'A' ? ['10.0.0.7'] : []);
      const err = await failure(deps({ proxyUrl }), 'https://inside.example/hook');
      expect(err).toMatchObject({
        type: ErrorType.CallbackUrlRefused,
        message: 'inside.example: refused: address not allowed',
      });
      expect(proxied).toHaveLength(1);

      dns.answer = () => 'nxdomain';
      const gone = await failure(deps({ proxyUrl }), 'https://gone.example/hook');
      expect(gone).toMatchObject({ type: ErrorType.CallbackDeliveryFailed, nonRetryable: false });
      expect(gone.message).toBe('gone.example: unreachable');
    });
  });
});
