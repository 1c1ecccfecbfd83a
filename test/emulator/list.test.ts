import { EmulatorUnderTest } from './helpers';

describe('emulator list paging', () => {
  let emu: EmulatorUnderTest;
  beforeAll(async () => {
    emu = await EmulatorUnderTest.start();
  });
  afterAll(() => emu.stop());

  it('lists newest first with an opaque marker', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await emu.create({ external_id: `p-${i}` })).id);
    const newestFirst = [...ids].reverse();

    const seen: string[] = [];
    let marker: string | null = null;
    let pages = 0;
    do {
      const query: string = marker === null ? '?limit=2' : `?limit=2&marker=${encodeURIComponent(marker)}`;
      const page = await emu.box('GET', `/sign_requests${query}`);
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ limit: 2, prev_marker: null });
      seen.push(...(page.body.entries as { id: string }[]).map((e) => e.id));
      marker = page.body.next_marker as string | null;
      pages++;
    } while (marker !== null);
    expect(pages).toBe(3);
    expect(seen).toEqual(newestFirst);

    const all = await emu.box('GET', '/sign_requests');
    expect(all.body.limit).toBe(100);
    expect(all.body.next_marker).toBeNull();
    expect(all.body.entries).toHaveLength(5);
    expect((await emu.box('GET', '/sign_requests?limit=1001')).status).toBe(400);
    expect((await emu.box('GET', '/sign_requests?limit=1000')).status).toBe(200);
    expect((await emu.box('GET', '/sign_requests?marker=garbage')).status).toBe(400);
  });
});
