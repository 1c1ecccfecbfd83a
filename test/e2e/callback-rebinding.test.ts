import type { AddressInfo, Server } from 'node:net';
import { createServer } from 'node:net';
import { createCallbackResolver } from '../../callbacks/callback-resolver';
import { ErrorType, clientScopedWorkflowId } from '../../contracts';
import { newRigClients, startApiRig } from '../support/api-rig';
import type { ApiRig } from '../support/api-rig';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { boxRequestFor } from '../support/signers';
import type { TinyDnsServer } from '../support/tiny-dns-server';
import { startTinyDnsServer } from '../support/tiny-dns-server';

/** The id the API starts this suite's client's requests under. */
const apiWorkflowId = (businessKey: string) => clientScopedWorkflowId('client-a', businessKey);

/**
 * DNS rebinding, end to end: the API, the worker and Temporal are real, and so is the name server (a tiny one on a
 * free UDP port) that both resolve the callback host with. It answers a public address while the request enters and
 * 127.0.0.1 when the worker connects: the worker refuses at connect time, nothing on 127.0.0.1 sees a byte, and the
 * client reads the class of the refusal.
 */
describe('a callback host that rebinds to 127.0.0.1 after the check', () => {
  let h: Harness;
  let api: ApiRig;
  let dns: TinyDnsServer;
  let inside: Server;
  let connections = 0;

  beforeAll(async () => {
    dns = await startTinyDnsServer();
    dns.answer = (query, asked) => (query.type === 'A' ? [asked === 0 ? '93.184.215.14' : '127.0.0.1'] : []);
    const resolve = createCallbackResolver({ servers: [dns.server], timeoutMs: 1_000 });
    inside = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((done) => inside.listen(0, '127.0.0.1', done));
    const rigClients = newRigClients();
    const secretFor = (name: string) => rigClients.clients.byName(name)?.callbackSecret;
    h = await startHarness({ callbacks: { secretFor, allowHosts: [], resolve } });
    api = await startApiRig(h, { callbackAllowHosts: [], callbackResolve: resolve }, rigClients);
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    await h?.teardown();
    await dns?.stop();
    await new Promise<void>((done) => inside.close(() => done()));
  });

  it('is accepted where the request enters and refused when the worker connects', async () => {
    const port = (inside.address() as AddressInfo).port;
    const input = {
      ...signRequest({ signers: [{ email: 'rebind@example.com', password: 'pw' }] }),
      callback: { url: `https://rebind.example:${port}/hooks?token=t` },
    };
    expect((await api.call('POST', '/v1/sign-requests', { body: input })).status).toBeLessThan(300);
    const workflowId = apiWorkflowId(input.businessKey);
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.signer(id, 'rebind@example.com', 'verify', { password: 'pw' });
    await h.control.signer(id, 'rebind@example.com', 'sign');

    const result = await h.result(workflowId);
    expect(result.outcome).toBe('signed');
    expect(result.callback).toMatchObject({ delivered: false, attempts: 1 });
    expect(result.callback?.lastError).toContain(ErrorType.CallbackUrlRefused);
    expect(result.callback?.lastError).toContain(`rebind.example:${port}: refused: address not allowed`);
    expect(result.callback?.lastError).not.toMatch(/127\.0\.0\.1|ECONN|token/);
    expect(connections).toBe(0);
    expect(dns.queries.filter((q) => q.name === 'rebind.example' && q.type === 'A').length).toBeGreaterThanOrEqual(2);
  });
});
