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

  it('pages by created_at, newest first, when requests were stored out of creation order (seeded)', async () => {
    await emu.control('POST', '/reset');
    await emu.create({ external_id: 'new-1' });
    expect(
      (
        await emu.control('POST', '/sign_requests/seed', {
          count: 3,
          created_ago_ms: 3_600_000,
          external_id_prefix: 'old',
        })
      ).body,
    ).toEqual({ created: 3 });
    await emu.create({ external_id: 'new-2' });

    const seen: { external_id: string; created_at: string }[] = [];
    let marker: string | null = null;
    do {
      const query: string = marker === null ? '?limit=2' : `?limit=2&marker=${encodeURIComponent(marker)}`;
      const page = await emu.box('GET', `/sign_requests${query}`);
      seen.push(...(page.body.entries as { external_id: string; created_at: string }[]));
      marker = page.body.next_marker as string | null;
    } while (marker !== null && seen.length < 10);

    expect(seen.map((e) => e.external_id)).toEqual(['new-2', 'new-1', 'old-3', 'old-2', 'old-1']);
    const times = seen.map((e) => Date.parse(e.created_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(times[1]! - times[2]!).toBeGreaterThan(3_500_000);
  });

  it('refuses a seed without a sensible count', async () => {
    expect((await emu.control('POST', '/sign_requests/seed', {})).status).toBe(400);
    expect((await emu.control('POST', '/sign_requests/seed', { count: 0 })).status).toBe(400);
    expect((await emu.control('POST', '/sign_requests/seed', { count: 1, created_ago_ms: -1 })).status).toBe(400);
  });
});
