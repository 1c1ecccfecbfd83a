import { AUTHENTICATED_USER } from '../src/users';
import type { CallRecord } from '../src/call-log';
import { startEmulator } from '../src/server';
import { DEV_TOKEN, EmulatorUnderTest, createBody } from './helpers';

describe('emulator fault injection beyond error answers', () => {
  let emu: EmulatorUnderTest;
  beforeAll(async () => {
    emu = await EmulatorUnderTest.start();
  });
  afterAll(() => emu.stop());
  beforeEach(async () => {
    await emu.control('POST', '/reset');
  });

  const calls = async (): Promise<CallRecord[]> => (await emu.control('GET', '/calls')).body.calls as CallRecord[];
  const stored = async (externalId: string): Promise<unknown[]> =>
    ((await emu.control('GET', '/sign_requests')).body.sign_requests as { sign_request: { external_id: string } }[])
      .map((view) => view.sign_request)
      .filter((request) => request.external_id === externalId);

  function rawCreate(externalId: string, signal?: AbortSignal): Promise<Response> {
    return fetch(`${emu.url}/2.0/sign_requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEV_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(createBody({ external_id: externalId })),
      signal,
    });
  }

  it('commit then drop: the create is stored but the connection closes before any response', async () => {
    await emu.control('POST', '/faults', { kind: 'drop_after_commit', method: 'POST', path: '/2.0/sign_requests' });

    await expect(rawCreate('dropped-create')).rejects.toThrow();

    expect(await stored('dropped-create')).toHaveLength(1);
    expect(await calls()).toEqual([expect.objectContaining({ status: 201, fault: 'drop_after_commit' })]);
    expect((await emu.control('GET', '/faults')).body.faults).toEqual([]);
  });

  it('timeout: the call is never answered and has no side effects', async () => {
    await emu.control('POST', '/faults', { kind: 'timeout', method: 'POST' });

    await expect(rawCreate('hung-create', AbortSignal.timeout(300))).rejects.toThrow();

    expect(await stored('hung-create')).toEqual([]);
    expect(await calls()).toEqual([
      expect.objectContaining({ status: 0, fault: 'timeout', external_id: 'hung-create' }),
    ]);
  });

  it('latency: the call is handled after the delay, even when the caller gave up waiting', async () => {
    await emu.control('POST', '/faults', { kind: 'latency', delay_ms: 400, method: 'POST' });

    await expect(rawCreate('late-create', AbortSignal.timeout(100))).rejects.toThrow();

    await waitUntil(async () => (await stored('late-create')).length === 1);
    expect(await calls()).toEqual([expect.objectContaining({ status: 201, fault: 'latency' })]);
  });

  it('a percentage hits about that share of matching calls until the fault is removed', async () => {
    const fault = (await emu.control('POST', '/faults', { percent: 50, status: 502, path: '/2.0/sign_requests' })).body;
    expect(fault).toMatchObject({ percent: 50, count: null, remaining: null });

    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) statuses.push((await emu.box('GET', '/sign_requests')).status);
    const failed = statuses.filter((status) => status === 502).length;
    expect(failed).toBeGreaterThan(50);
    expect(failed).toBeLessThan(150);
    expect(statuses.filter((status) => status !== 502).every((status) => status === 200)).toBe(true);

    expect((await emu.control('DELETE', `/faults/${fault.id}`)).status).toBe(200);
    expect((await emu.box('GET', '/sign_requests')).status).toBe(200);
    expect((await emu.control('DELETE', `/faults/${fault.id}`)).status).toBe(404);
  });

  it('a percentage with a count stops after that many hits', async () => {
    await emu.control('POST', '/faults', { percent: 100, count: 2, status: 503, retry_after_seconds: 3 });
    const first = await emu.box('GET', '/sign_requests');
    expect([first.status, first.headers.get('retry-after')]).toEqual([503, '3']);
    expect((await emu.box('GET', '/sign_requests')).status).toBe(503);
    expect((await emu.box('GET', '/sign_requests')).status).toBe(200);
  });

  it('stats count every call, the faults applied and the rate-limited answers', async () => {
    await emu.control('POST', '/faults', { status: 500, count: 2 });
    await emu.control('POST', '/faults', { kind: 'latency', delay_ms: 1 });
    for (let i = 0; i < 4; i++) await emu.box('GET', '/sign_requests');

    expect((await emu.control('GET', '/stats')).body).toEqual({
      calls: 4,
      by_status: { '500': 2, '200': 2 },
      faults: { error: 2, latency: 1, timeout: 0, drop_after_commit: 0, drop_mid_body: 0 },
      rate_limited: 0,
      by_user: { [AUTHENTICATED_USER.id]: { calls: 4, rate_limited: 0 } },
    });
  });

  it('rejects fault specs that do not fit their kind', async () => {
    for (const spec of [
      { kind: 'latency' },
      { kind: 'latency', delay_ms: 10, status: 500 },
      { kind: 'drop_after_commit', delay_ms: 10 },
      { kind: 'explode' },
      { status: 500, percent: 0 },
      { status: 500, percent: 101 },
    ]) {
      expect([spec, (await emu.control('POST', '/faults', spec)).status]).toEqual([spec, 400]);
    }
  });
});

describe('emulator faults from the start options (EMULATOR_FAULTS)', () => {
  it('installs the given faults at start', async () => {
    const emulator = await startEmulator({ port: 0, faults: [{ percent: 20, status: 500 }, { kind: 'timeout' }] });
    try {
      const body = (await (await fetch(`${emulator.url}/_emulator/faults`)).json()) as { faults: unknown[] };
      expect(body.faults).toEqual([
        expect.objectContaining({ kind: 'error', status: 500, percent: 20, remaining: null }),
        expect.objectContaining({ kind: 'timeout', remaining: 1 }),
      ]);
    } finally {
      await emulator.stop();
    }
  });

  it('refuses to start with an invalid fault spec', async () => {
    await expect(startEmulator({ port: 0, faults: [{ status: 200 }] })).rejects.toThrow(/invalid fault spec/);
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
