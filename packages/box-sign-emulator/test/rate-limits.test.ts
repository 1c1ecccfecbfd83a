import type { CallRecord } from '../src/call-log';
import { EmulatorUnderTest } from './helpers';

describe("emulator enforcement of Box's published rate limits", () => {
  let emu: EmulatorUnderTest;
  beforeAll(async () => {
    emu = await EmulatorUnderTest.start();
  });
  afterAll(() => emu.stop());
  beforeEach(async () => {
    await emu.control('POST', '/reset');
  });

  it("is off by default and, when enabled, uses Box's numbers: 100 create+resend, 1000 get and 240 uploads per minute", async () => {
    expect((await emu.control('GET', '/rate-limits')).body).toEqual({
      enabled: false,
      create_resend_per_minute: 100,
      get_per_minute: 1000,
      upload_per_minute: 240,
    });
    expect((await emu.control('PUT', '/rate-limits', { enabled: true })).body).toEqual({
      enabled: true,
      create_resend_per_minute: 100,
      get_per_minute: 1000,
      upload_per_minute: 240,
    });
  });

  it('answers 429 rate_limit_exceeded with retry-after once create and resend together pass the limit', async () => {
    await emu.control('PUT', '/rate-limits', { enabled: true, create_resend_per_minute: 3 });
    const first = await emu.create();
    await emu.create();
    await emu.create();

    const limited = await emu.box('POST', `/sign_requests/${first.id}/resend`);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 'rate_limit_exceeded' });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await emu.box('POST', '/sign_requests', {})).status).toBe(429);

    const calls = (await emu.control('GET', '/calls')).body.calls as CallRecord[];
    expect(calls.filter((c) => c.rate_limited).map((c) => [c.method, c.status])).toEqual([
      ['POST', 429],
      ['POST', 429],
    ]);
    expect((await emu.control('GET', '/stats')).body.rate_limited).toBe(2);
    expect((await emu.control('GET', '/sign_requests')).body.sign_requests).toHaveLength(3);
  });

  it('counts gets separately from creates, and frees the window a minute later on the emulator clock', async () => {
    await emu.control('PUT', '/rate-limits', { enabled: true, create_resend_per_minute: 1, get_per_minute: 2 });
    const created = await emu.create();
    expect((await emu.box('GET', `/sign_requests/${created.id}`)).status).toBe(200);
    expect((await emu.box('GET', '/sign_requests')).status).toBe(200);
    expect((await emu.box('GET', `/sign_requests/${created.id}`)).status).toBe(429);

    await emu.advance({ ms: 60_000 });
    expect((await emu.box('GET', `/sign_requests/${created.id}`)).status).toBe(200);
    expect((await emu.box('POST', `/sign_requests/${created.id}/cancel`, {})).status).toBe(200);
  });

  it('reset goes back to the start-up setting', async () => {
    await emu.control('PUT', '/rate-limits', { enabled: true, get_per_minute: 1 });
    await emu.control('POST', '/reset');
    expect((await emu.control('GET', '/rate-limits')).body.enabled).toBe(false);
  });

  it('rejects invalid settings', async () => {
    expect((await emu.control('PUT', '/rate-limits', { enabled: 'yes' })).status).toBe(400);
    expect((await emu.control('PUT', '/rate-limits', { get_per_minute: 0 })).status).toBe(400);
  });
});
