import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_TOKEN, EmulatorUnderTest, type Reply } from './helpers';

const MINUTE_MS = 60_000;

describe('emulator: tokens expire on its clock, as Box’s do', () => {
  let emu: EmulatorUnderTest;
  beforeAll(async () => {
    emu = await EmulatorUnderTest.start();
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.control('POST', '/reset'));

  const me = (token: string) => emu.call('GET', '/2.0/users/me', { headers: { authorization: `Bearer ${token}` } });

  function expectExpired(reply: Reply): void {
    expect(reply.status).toBe(401);
    expect(reply.headers.get('www-authenticate')).toBe(
      'Bearer realm="Service", error="invalid_token", error_description="The access token provided is invalid."',
    );
    expect(reply.body).toMatchObject({ type: 'error', status: 401, code: 'unauthorized' });
  }

  it('the developer token lasts 60 minutes, then gets Box’s 401 for an invalid token', async () => {
    expect((await me(DEV_TOKEN)).status).toBe(200);
    await emu.advance({ ms: 60 * MINUTE_MS - 1_000 });
    expect((await me(DEV_TOKEN)).status).toBe(200);
    await emu.advance({ ms: 1_000 });
    expectExpired(await me(DEV_TOKEN));
  });

  it('the control API mints a new developer token for another 60 minutes; the old one keeps its own expiry', async () => {
    await emu.advance({ ms: 30 * MINUTE_MS });
    const minted = await emu.control('POST', '/developer-token');
    expect(minted.status).toBe(201);
    expect(minted.body).toEqual({
      developer_token: expect.stringMatching(/^\S{20,}$/),
      expires_in: 3600,
      expires_at: expect.any(String),
    });
    const fresh = minted.body.developer_token as string;
    expect(fresh).not.toBe(DEV_TOKEN);
    const clock = (await emu.control('GET', '/clock')).body as { now: string };
    expect(Date.parse(minted.body.expires_at as string) - Date.parse(clock.now)).toBeGreaterThan(59 * MINUTE_MS);

    await emu.advance({ ms: 31 * MINUTE_MS });
    expectExpired(await me(DEV_TOKEN));
    expect((await me(fresh)).status).toBe(200);
    await emu.advance({ ms: 30 * MINUTE_MS });
    expectExpired(await me(fresh));
  });

  it('a reset makes the start-up developer token valid again, for 60 minutes from then', async () => {
    await emu.advance({ days: 2 });
    expectExpired(await me(DEV_TOKEN));
    await emu.control('POST', '/reset');
    expect((await me(DEV_TOKEN)).status).toBe(200);
  });

  it('a client-credentials token lasts its expires_in, then a new one is minted the same way', async () => {
    const grant =
      'grant_type=client_credentials&client_id=emulator-client-id&client_secret=emulator-client-secret' +
      '&box_subject_type=enterprise&box_subject_id=1';
    const mint = async () => {
      const reply = await emu.call('POST', '/oauth2/token', {
        body: grant,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(reply.body.expires_in).toBe(3600);
      return reply.body.access_token as string;
    };
    const first = await mint();
    await emu.advance({ ms: 60 * MINUTE_MS });
    expectExpired(await me(first));
    expect((await me(await mint())).status).toBe(200);
  });
});

describe('emulator: developer tokens in the state file', () => {
  it('keep their expiry across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'box-emulator-token-'));
    const stateFile = join(dir, 'state.json');
    try {
      let emu = await EmulatorUnderTest.start({ stateFile });
      await emu.advance({ ms: 61 * MINUTE_MS });
      const minted = (await emu.control('POST', '/developer-token')).body.developer_token as string;
      await emu.stop();

      emu = await EmulatorUnderTest.start({ stateFile });
      try {
        const me = (token: string) =>
          emu.call('GET', '/2.0/users/me', { headers: { authorization: `Bearer ${token}` } });
        expect((await me(DEV_TOKEN)).status).toBe(401);
        expect((await me(minted)).status).toBe(200);
      } finally {
        await emu.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
