import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorUnderTest, SENDER } from './helpers';

const OTHER_SENDER = 'colleague@emulator.box.test';

/**
 * `GET /2.0/sign_requests` scopes the list as Box does: the user's own requests by default; with
 * `shared_requests=true` only those it does not own but collaborates on, narrowed by `senders`. Another user's
 * request gets into the emulator through its state file: an emulator whose sender is someone else made it.
 */
describe('emulator list: senders and shared_requests', () => {
  const dir = mkdtempSync(join(tmpdir(), 'box-emulator-list-'));
  const stateFile = join(dir, 'state.json');
  let emu: EmulatorUnderTest;
  let theirs: string;
  let mine: string;

  beforeAll(async () => {
    const colleague = await EmulatorUnderTest.start({ stateFile, senderEmail: OTHER_SENDER, senderId: 22 });
    theirs = (await colleague.create({ external_id: 'theirs' })).id;
    await colleague.stop();
    emu = await EmulatorUnderTest.start({ stateFile });
    mine = (await emu.create({ external_id: 'mine' })).id;
  });
  afterAll(async () => {
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const ids = async (query: string) => {
    const page = await emu.box('GET', `/sign_requests${query}`);
    expect(page.status).toBe(200);
    return (page.body.entries as { id: string }[]).map((e) => e.id);
  };

  it('lists only the user’s own requests by default, and with shared_requests=false', async () => {
    expect(await ids('')).toEqual([mine]);
    expect(await ids('?shared_requests=false')).toEqual([mine]);
  });

  it('with shared_requests=true, only requests the user does not own, narrowed by senders (comma-separated)', async () => {
    expect(await ids('?shared_requests=true')).toEqual([theirs]);
    expect(await ids(`?shared_requests=true&senders=${encodeURIComponent(`nobody@x.test,${OTHER_SENDER}`)}`)).toEqual([
      theirs,
    ]);
    expect(await ids(`?shared_requests=true&senders=${OTHER_SENDER.toUpperCase()}`)).toEqual([theirs]);
    expect(await ids('?shared_requests=true&senders=nobody@x.test')).toEqual([]);
    expect(await ids(`?shared_requests=true&senders=${SENDER}`)).toEqual([]);
  });

  it('refuses senders without shared_requests=true, and values that are not what Box takes, naming the parameter', async () => {
    const refusals = [
      ['?senders=nobody@x.test', 'senders', "requires 'shared_requests' to be true"],
      ['?senders=nobody@x.test&shared_requests=false', 'senders', "requires 'shared_requests' to be true"],
      ['?shared_requests=yes', 'shared_requests', "must be 'true' or 'false'"],
      ['?shared_requests=true&senders=not-an-email', 'senders', 'email'],
      ['?shared_requests=true&senders=a@x.test,,b@x.test', 'senders', 'email'],
    ] as const;
    for (const [query, field, rule] of refusals) {
      const reply = await emu.box('GET', `/sign_requests${query}`);
      expect({ query, status: reply.status, code: reply.body.code }).toEqual({
        query,
        status: 400,
        code: 'bad_request',
      });
      expect(reply.body.message).toContain(`'${field}'`);
      expect(reply.body.message).toContain(rule);
      expect(reply.body.context_info.errors[0]).toMatchObject({ reason: 'invalid_parameter', name: field });
    }
  });
});
