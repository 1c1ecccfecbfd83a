import { createCallbackResolver } from '../../callbacks/callback-resolver';
import type { ApiRig } from '../support/api-rig';
import { startApiRig } from '../support/api-rig';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import type { TinyDnsServer } from '../support/tiny-dns-server';
import { startTinyDnsServer } from '../support/tiny-dns-server';

/**
 * Where a request enters, its callback host is looked up through the API's resolver (a real DNS server on a free
 * UDP port here): with a timeout, and once per host in a batch, however many items name it.
 */
describe('HTTP API: callback host look-ups', () => {
  let h: Harness;
  let dns: TinyDnsServer;
  let api: ApiRig;
  beforeAll(async () => {
    h = await startHarness();
    dns = await startTinyDnsServer();
    api = await startApiRig(h, {
      callbackAllowHosts: [],
      callbackResolve: createCallbackResolver({ servers: [dns.server], timeoutMs: 200 }),
    });
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    await dns?.stop();
    await h?.teardown();
  });

  const withCallback = (host: string, i: number) => ({
    ...signRequest({ signers: [{ email: `dns-${i}@example.com`, password: 'pw' }] }),
    callback: { url: `https://${host}/hooks/${i}` },
  });

  it('a batch asks the name servers once per host, not once per item', async () => {
    dns.answer = (query) => (query.name === 'inside.example' && query.type === 'A' ? ['10.0.0.7'] : 'nxdomain');
    const requests = [...Array(12).keys()].map((i) => withCallback(i % 2 === 0 ? 'inside.example' : 'gone.example', i));
    const answer = await api.call('POST', '/v1/sign-requests/batch', { body: { requests } });
    expect(answer.status).toBe(200);
    expect(answer.body.summary).toMatchObject({ started: 0, invalid: 12 });
    const items = (answer.body as { items: { errors: { field: string; rule: string }[] }[] }).items;
    const rules = items.map((item) => item.errors);
    expect(rules[0]).toEqual([
      { field: 'callback.url', rule: expect.stringContaining('must not point at a loopback') },
    ]);
    expect(rules[1]).toEqual([{ field: 'callback.url', rule: 'must name a host that resolves' }]);
    const asked = dns.queries.filter((q) => q.type === 'A').map((q) => q.name);
    expect(asked.sort()).toEqual(['gone.example', 'inside.example']);
  });

  it('a name server that does not answer makes a 400 within the timeout, not a hung request', async () => {
    dns.answer = () => 'silence';
    const answer = await api.call('POST', '/v1/sign-requests', { body: withCallback('slow.example', 99) });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ field: 'callback.url', rule: 'must name a host that resolves' }]);
  });
});
