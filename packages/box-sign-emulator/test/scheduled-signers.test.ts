import { EmulatorUnderTest } from './helpers';

const HOUR_MS = 60 * 60 * 1000;

describe('emulator: signers scheduled on its clock', () => {
  let emu: EmulatorUnderTest;
  beforeAll(async () => {
    emu = await EmulatorUnderTest.start();
  });
  afterAll(() => emu.stop());

  it('a scheduled phone-verified signer signs exactly the given time after the invitation, not before', async () => {
    const created = await emu.create({
      signers: [{ email: 'later@example.com', role: 'signer', order: 1, verification_phone_number: '+15551230001' }],
    });
    const scheduled = await emu.signer(created.id, 'later@example.com', 'schedule-signature', {
      after_invite_ms: 5 * HOUR_MS,
    });
    expect(scheduled.status).toBe(200);
    await emu.waitForStatus(created.id, 'sent');
    const view = await emu.view(created.id);
    const signer = view.signers.find((s) => s.email === 'later@example.com');
    const invitedAt = Date.parse(signer?.invited_at ?? '');
    expect(signer?.signs_at).toBe(new Date(invitedAt + 5 * HOUR_MS).toISOString());

    await emu.advance({ ms: 5 * HOUR_MS - 60_000 });
    expect((await emu.get(created.id)).status).toBe('sent');

    await emu.advance({ ms: 60_000 });
    const signed = await emu.waitForStatus(created.id, 'signed');
    expect(signed.signers[1]?.signer_decision).toEqual({
      type: 'signed',
      finalized_at: new Date(invitedAt + 5 * HOUR_MS).toISOString(),
      additional_info: null,
    });
    expect(signed.signers[1]?.has_viewed_document).toBe(true);
  });

  it('in order groups, each scheduled signer counts from their own invitation', async () => {
    const created = await emu.create({
      signers: [
        { email: 'first@example.com', role: 'signer', order: 1 },
        { email: 'second@example.com', role: 'signer', order: 2 },
      ],
    });
    await emu.signer(created.id, 'first@example.com', 'schedule-signature', { after_invite_ms: HOUR_MS });
    await emu.signer(created.id, 'second@example.com', 'schedule-signature', { after_invite_ms: 2 * HOUR_MS });
    await emu.waitForStatus(created.id, 'sent');
    const invitedAt = Date.parse((await emu.view(created.id)).signers[1]?.invited_at ?? '');

    await emu.advance({ ms: 2 * HOUR_MS });
    const half = await emu.view(created.id);
    expect(half.signers.map((s) => s.decision)).toEqual([null, 'signed', null]);
    expect(half.signers[2]?.invited_at).toBe(new Date(invitedAt + HOUR_MS).toISOString());

    await emu.advance({ ms: HOUR_MS });
    const done = await emu.waitForStatus(created.id, 'signed');
    expect(done.signers[2]?.signer_decision?.finalized_at).toBe(new Date(invitedAt + 3 * HOUR_MS).toISOString());
  });

  it('an expiry due before the scheduled signature wins, and bad schedules are refused', async () => {
    const created = await emu.create({ days_valid: 1 });
    await emu.signer(created.id, 'signer@example.com', 'schedule-signature', { after_invite_ms: 30 * HOUR_MS });
    await emu.waitForStatus(created.id, 'sent');
    await emu.advance({ days: 2 });
    expect((await emu.get(created.id)).status).toBe('expired');

    const other = await emu.create();
    const negative = await emu.signer(other.id, 'signer@example.com', 'schedule-signature', { after_invite_ms: -1 });
    expect(negative.status).toBe(400);
    expect(negative.body.message).toContain('after_invite_ms');
    const stranger = await emu.signer(other.id, 'nobody@example.com', 'schedule-signature', { after_invite_ms: 1 });
    expect(stranger.status).toBe(404);
    const reader = await emu.signer(other.id, 'sender@emulator.box.test', 'schedule-signature', { after_invite_ms: 1 });
    expect(reader.body.error).toBe('not_an_actor');
  });
});

describe('emulator: following another clock', () => {
  it('reads the followed time before every call, so Box time jumps with it and never goes back', async () => {
    let followed = Date.now();
    const emu = await EmulatorUnderTest.start({ timeSource: () => Promise.resolve(followed) });
    try {
      const created = await emu.create();
      await emu.signer(created.id, 'signer@example.com', 'schedule-signature', { after_invite_ms: 3 * HOUR_MS });
      followed += 1_000;
      expect((await emu.get(created.id)).status).toBe('sent');

      followed += 3 * HOUR_MS;
      const signed = await emu.waitForStatus(created.id, 'signed');
      expect(Date.parse(signed.finished_at ?? '')).toBeGreaterThanOrEqual(followed - 1_000);

      followed -= HOUR_MS;
      const clock = (await emu.control('GET', '/clock')).body as { now: string };
      expect(Date.parse(clock.now)).toBeGreaterThanOrEqual(followed + HOUR_MS);
    } finally {
      await emu.stop();
    }
  });
});
