import { AUTHENTICATED_USER } from '../src/users';
import type { CallRecord } from '../src/call-log';
import { DEV_TOKEN, EmulatorUnderTest } from './helpers';

describe('emulator faults and call log', () => {
  let emu: EmulatorUnderTest;
  beforeAll(async () => {
    emu = await EmulatorUnderTest.start();
  });
  afterAll(() => emu.stop());
  beforeEach(async () => {
    await emu.control('DELETE', '/faults');
    await emu.control('DELETE', '/calls');
  });

  it('answers the next `count` matching calls with the fault and no side effects', async () => {
    const added = await emu.control('POST', '/faults', {
      method: 'POST',
      path: '/2.0/sign_requests',
      status: 500,
      count: 2,
    });
    expect(added.status).toBe(201);
    expect((await emu.control('GET', '/faults')).body.faults).toEqual([
      expect.objectContaining({ status: 500, remaining: 2 }),
    ]);

    for (let i = 0; i < 2; i++) {
      const failed = await emu.box('POST', '/sign_requests', {
        external_id: 'faulted',
        source_files: [{ type: 'file', id: '1' }],
        signers: [{ email: 'f@example.com' }],
      });
      expect(failed.status).toBe(500);
      expect(failed.body).toMatchObject({ type: 'error', status: 500, code: 'internal_server_error' });
    }
    expect((await emu.box('GET', '/sign_requests')).status).toBe(200);
    expect((await emu.box('GET', '/sign_requests')).body.entries).toEqual([]);

    const created = await emu.create({ external_id: 'after-fault' });
    expect(created.external_id).toBe('after-fault');
    expect((await emu.control('GET', '/faults')).body.faults).toEqual([]);

    const calls = (await emu.control('GET', '/calls')).body.calls as CallRecord[];
    expect(calls.map((c) => [c.method, c.status])).toEqual([
      ['POST', 500],
      ['POST', 500],
      ['GET', 200],
      ['GET', 200],
      ['POST', 201],
    ]);
    expect(calls[0]).toEqual({
      at: expect.any(String),
      method: 'POST',
      path: '/2.0/sign_requests',
      status: 500,
      external_id: 'faulted',
      user_id: AUTHENTICATED_USER.id,
    });
    expect(calls[4]?.external_id).toBe('after-fault');
    expect(calls[2]).not.toHaveProperty('external_id');
  });

  it('429 carries rate_limit_exceeded and a retry-after header', async () => {
    await emu.control('POST', '/faults', { path: '/sign_requests/', status: 429, retry_after_seconds: 7 });
    const limited = await emu.box('GET', '/sign_requests/abc');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.body).toMatchObject({ status: 429, code: 'rate_limit_exceeded', request_id: expect.any(String) });
    expect((await emu.box('GET', '/sign_requests/abc')).status).toBe(404);
  });

  it('a 429 without retry_after_seconds still sends retry-after; other statuses map to Box codes', async () => {
    await emu.control('POST', '/faults', { status: 429 });
    expect((await emu.box('GET', '/sign_requests')).headers.get('retry-after')).toBe('1');
    for (const [status, code] of [
      [502, 'bad_gateway'],
      [503, 'unavailable'],
      [403, 'access_denied_insufficient_permissions'],
      [404, 'not_found'],
    ] as const) {
      await emu.control('POST', '/faults', { status });
      const res = await emu.box('GET', '/sign_requests');
      expect([res.status, res.body.code]).toEqual([status, code]);
    }
    await emu.control('POST', '/faults', { status: 403, code: 'forbidden' });
    expect((await emu.box('GET', '/sign_requests')).body.code).toBe('forbidden');
  });

  it('faults apply to the token endpoint but never to the control API', async () => {
    await emu.control('POST', '/faults', { status: 503, count: 5 });
    expect((await emu.control('GET', '/health')).body).toEqual({ ok: true });
    const token = await emu.call('POST', '/oauth2/token', { body: 'grant_type=client_credentials' });
    expect(token.status).toBe(503);
    expect(token.body.code).toBe('unavailable');
  });

  it('a fault matches before authentication and filters by method', async () => {
    await emu.control('POST', '/faults', { method: 'post', status: 502 });
    expect((await emu.call('GET', '/2.0/sign_requests')).status).toBe(401);
    expect((await emu.call('POST', '/2.0/sign_requests', { body: {} })).status).toBe(502);
  });

  it('rejects invalid fault specs', async () => {
    expect((await emu.control('POST', '/faults', { status: 200 })).status).toBe(400);
    expect((await emu.control('POST', '/faults', { status: 500, count: 0 })).status).toBe(400);
  });
});

describe('emulator control API', () => {
  let emu: EmulatorUnderTest;
  beforeAll(async () => {
    emu = await EmulatorUnderTest.start();
  });
  afterAll(() => emu.stop());

  it('reports and advances the clock', async () => {
    const before = (await emu.control('GET', '/clock')).body as { now: string; offset_ms: number };
    expect(before).toEqual({ now: expect.any(String), offset_ms: 0 });
    const after = (await emu.control('POST', '/clock/advance', { days: 1, ms: 500 })).body as typeof before;
    expect(after.offset_ms).toBe(86_400_500);
    expect(Date.parse(after.now) - Date.parse(before.now)).toBeGreaterThanOrEqual(86_400_500);
    expect((await emu.control('POST', '/clock/advance', { ms: -1 })).status).toBe(400);
  });

  it('reset clears requests, clock, faults and calls', async () => {
    await emu.create();
    await emu.control('POST', '/faults', { status: 500, path: '/nothing-matches' });
    expect((await emu.control('POST', '/reset')).body).toEqual({ ok: true });
    expect((await emu.control('GET', '/sign_requests')).body.sign_requests).toEqual([]);
    expect((await emu.control('GET', '/faults')).body.faults).toEqual([]);
    expect((await emu.control('GET', '/calls')).body.calls).toEqual([]);
    expect((await emu.control('GET', '/clock')).body.offset_ms).toBe(0);
  });

  it('unknown control paths and ids are JSON 404s', async () => {
    expect((await emu.control('GET', '/nope')).status).toBe(404);
    const missing = await emu.control('GET', '/sign_requests/missing');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('sign_request_not_found');
  });

  it('unknown top-level paths get a Box 404 and are not Box calls', async () => {
    await emu.control('DELETE', '/calls');
    const res = await emu.call('GET', '/favicon.ico', { headers: { authorization: `Bearer ${DEV_TOKEN}` } });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('not_found');
    expect((await emu.control('GET', '/calls')).body.calls).toEqual([]);
  });
});
