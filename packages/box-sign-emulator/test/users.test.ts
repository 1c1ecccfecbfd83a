import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallRecord } from '../src/call-log';
import { EmulatorControl } from '../src/control-client';
import { AUTHENTICATED_USER, EMULATOR_USERS, type EmulatorUser } from '../src/users';
import { ALL_SENT_TRIGGERS } from '../src/webhooks/config';
import { eventually, PUBLIC_WEBHOOK_ADDRESS, WebhookReceiver } from './receiver';
import { createBody, EmulatorUnderTest, SENDER, type Json } from './helpers';

const [HR, SALES, LEGAL] = EMULATOR_USERS as [EmulatorUser, EmulatorUser, EmulatorUser];
const INSUFFICIENT_SCOPE =
  'Bearer realm="Service", error="insufficient_scope", error_description="The request requires higher privileges than provided by the access token."';

const as = (id: string) => ({ 'as-user': id });

describe('emulator users: as-user, ownership and per-user quotas', () => {
  let emu: EmulatorUnderTest;
  beforeAll(async () => {
    emu = await EmulatorUnderTest.start();
  });
  afterAll(() => emu.stop());
  beforeEach(async () => {
    await emu.control('POST', '/reset');
  });

  const createAs = async (userId: string, overrides: Record<string, unknown> = {}): Promise<Json> => {
    const reply = await emu.box('POST', '/sign_requests', createBody(overrides), as(userId));
    expect(reply.status).toBe(201);
    return reply.body;
  };
  const listIds = async (headers: Record<string, string> = {}, query = ''): Promise<string[]> => {
    const reply = await emu.box('GET', `/sign_requests${query}`, undefined, headers);
    expect(reply.status).toBe(200);
    return (reply.body.entries as { id: string }[]).map((e) => e.id);
  };

  it('lists the authenticated user and the three built-in senders; POST adds one, refusing bad bodies and taken ids', async () => {
    const control = new EmulatorControl(emu.url);
    expect(await control.users()).toEqual([
      { ...AUTHENTICATED_USER, kind: 'authenticated' },
      { id: '20001', login: 'hr.sender@emulator.box.test', name: 'HR Sender', kind: 'built_in' },
      { id: '20002', login: 'sales.sender@emulator.box.test', name: 'Sales Sender', kind: 'built_in' },
      { id: '20003', login: 'legal.sender@emulator.box.test', name: 'Legal Sender', kind: 'built_in' },
    ]);

    expect(await control.addUser({ id: '30001', login: 'ops.sender@emulator.box.test' })).toEqual({
      id: '30001',
      login: 'ops.sender@emulator.box.test',
      name: 'ops.sender@emulator.box.test',
    });
    expect((await control.users()).at(-1)).toEqual({
      id: '30001',
      login: 'ops.sender@emulator.box.test',
      name: 'ops.sender@emulator.box.test',
      kind: 'added',
    });
    const created = await createAs('30001');
    expect(created).toMatchObject({ sender_id: 30001, sender_email: 'ops.sender@emulator.box.test' });

    for (const body of [
      { login: 'x@y.test' },
      { id: 30002, login: 'x@y.test' },
      { id: 'abc', login: 'x@y.test' },
      { id: '30002' },
      { id: '30002', login: 'not-an-email' },
      { id: '30002', login: 'x@y.test', name: '' },
    ]) {
      const reply = await emu.control('POST', '/users', body);
      expect({ body, status: reply.status, error: reply.body.error }).toEqual({
        body,
        status: 400,
        error: 'invalid_user',
      });
    }
    for (const [body, field] of [
      [{ id: '20001', login: 'new@y.test' }, 'id'],
      [{ id: AUTHENTICATED_USER.id, login: 'new@y.test' }, 'id'],
      [{ id: '30001', login: 'new@y.test' }, 'id'],
      [{ id: '30002', login: 'HR.Sender@emulator.box.test' }, 'login'],
    ] as const) {
      const reply = await emu.control('POST', '/users', body);
      expect({ status: reply.status, body: reply.body }).toMatchObject({
        status: 409,
        body: { error: 'user_exists', field },
      });
    }
  });

  it('reset removes added users and keeps the built-in ones', async () => {
    await emu.control('POST', '/users', { id: '30001', login: 'ops.sender@emulator.box.test' });
    await emu.control('POST', '/reset');
    const ids = ((await emu.control('GET', '/users')).body.users as { id: string }[]).map((u) => u.id);
    expect(ids).toEqual([AUTHENTICATED_USER.id, '20001', '20002', '20003']);
    expect((await emu.box('GET', '/users/me', undefined, as('30001'))).status).toBe(403);
  });

  it('as-user makes that user the sender: sender_email, sender_id and the final_copy_reader Box adds', async () => {
    const created = await createAs(HR.id);
    expect(created).toMatchObject({ sender_email: HR.login, sender_id: Number(HR.id) });
    const signers = created.signers as { email: string; role: string }[];
    expect(signers.filter((s) => s.role === 'final_copy_reader').map((s) => s.email)).toEqual([HR.login]);
    expect(signers.map((s) => s.email)).not.toContain(SENDER);

    const plain = await emu.create();
    expect(plain).toMatchObject({ sender_email: SENDER, sender_id: Number(AUTHENTICATED_USER.id) });
  });

  it('users/me answers the acting user', async () => {
    const me = await emu.box('GET', '/users/me', undefined, as(SALES.id));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ type: 'user', id: SALES.id, login: SALES.login, name: SALES.name });
    const narrowed = await emu.box('GET', '/users/me?fields=name', undefined, as(LEGAL.id));
    expect(narrowed.body).toEqual({ type: 'user', id: LEGAL.id, name: LEGAL.name });
    const self = await emu.box('GET', '/users/me');
    expect(self.body).toMatchObject({ id: AUTHENTICATED_USER.id, login: AUTHENTICATED_USER.login });
  });

  it("answers an unknown as-user, and the authenticated user's own id, with Box's 403: WWW-Authenticate, no body", async () => {
    for (const id of ['99999', AUTHENTICATED_USER.id, 'not-digits', '']) {
      for (const [method, path] of [
        ['POST', '/sign_requests'],
        ['GET', '/sign_requests'],
        ['GET', '/users/me'],
      ] as const) {
        const reply = await emu.box(method, path, method === 'POST' ? createBody() : undefined, as(id));
        expect({ id, path, status: reply.status, text: reply.text }).toEqual({ id, path, status: 403, text: '' });
        expect(reply.headers.get('www-authenticate')).toBe(INSUFFICIENT_SCOPE);
      }
    }
    expect((await emu.control('GET', '/sign_requests')).body.sign_requests).toEqual([]);
  });

  it("another user's request is not found (get, cancel, resend: Box's 404, as for an unknown id) and not listed", async () => {
    const hrs = await createAs(HR.id, { external_id: 'hr-1' });
    await emu.advance({ ms: 11 * 60_000 });
    expect((await emu.box('GET', `/sign_requests/${hrs.id}`, undefined, as(HR.id))).body.status).toBe('sent');
    const unknownId = await emu.box('GET', '/sign_requests/00000000-0000-0000-0000-000000000000', undefined, as(HR.id));
    expect(unknownId.status).toBe(404);

    for (const headers of [as(SALES.id), {}]) {
      for (const [method, suffix, body] of [
        ['GET', '', undefined],
        ['POST', '/cancel', {}],
        ['POST', '/resend', undefined],
      ] as const) {
        const reply = await emu.box(method, `/sign_requests/${hrs.id}${suffix}`, body, headers);
        expect({ headers, suffix, status: reply.status, code: reply.body.code }).toEqual({
          headers,
          suffix,
          status: 404,
          code: unknownId.body.code,
        });
      }
      expect(await listIds(headers)).toEqual([]);
    }

    expect(await listIds(as(HR.id))).toEqual([hrs.id]);
    expect((await emu.box('POST', `/sign_requests/${hrs.id}/resend`, undefined, as(HR.id))).status).toBe(202);
    const cancelled = await emu.box('POST', `/sign_requests/${hrs.id}/cancel`, {}, as(HR.id));
    expect(cancelled.body.status).toBe('cancelled');
  });

  it('shared_requests and senders keep their rules relative to the acting user', async () => {
    const hrs = await createAs(HR.id);
    const sales = await createAs(SALES.id);
    expect(await listIds(as(HR.id), '?shared_requests=true')).toEqual([sales.id]);
    expect(await listIds(as(HR.id), `?shared_requests=true&senders=${SALES.login}`)).toEqual([sales.id]);
    expect(await listIds(as(HR.id), `?shared_requests=true&senders=${HR.login}`)).toEqual([]);
    expect(await listIds({}, '?shared_requests=true')).toEqual([sales.id, hrs.id]);
  });

  it("holds each user to its own quota: one user's 429 never touches another's", async () => {
    await emu.control('PUT', '/rate-limits', { enabled: true, create_resend_per_minute: 2, get_per_minute: 3 });
    await createAs(HR.id);
    await createAs(HR.id);
    const limited = await emu.box('POST', '/sign_requests', createBody(), as(HR.id));
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('rate_limit_exceeded');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    await createAs(SALES.id);
    await createAs(SALES.id);
    expect((await emu.box('POST', '/sign_requests', createBody())).status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await emu.box('GET', '/sign_requests', undefined, as(HR.id))).status).toBe(200);
    expect((await emu.box('GET', '/sign_requests', undefined, as(HR.id))).status).toBe(429);
    expect((await emu.box('GET', '/sign_requests', undefined, as(LEGAL.id))).status).toBe(200);

    const stats = (await emu.control('GET', '/stats')).body;
    expect(stats.rate_limited).toBe(2);
    expect(stats.by_user).toEqual({
      [HR.id]: { calls: 7, rate_limited: 2 },
      [SALES.id]: { calls: 2, rate_limited: 0 },
      [LEGAL.id]: { calls: 1, rate_limited: 0 },
      [AUTHENTICATED_USER.id]: { calls: 1, rate_limited: 0 },
    });

    await emu.advance({ ms: 60_000 });
    expect((await emu.box('POST', '/sign_requests', createBody(), as(HR.id))).status).toBe(201);
  });

  it('logs the acting user of each call, and none for token calls and refused ones', async () => {
    await emu.call('POST', '/oauth2/token', {
      body: 'grant_type=client_credentials&client_id=emulator-client-id&client_secret=emulator-client-secret&box_subject_type=enterprise&box_subject_id=11446499',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    await createAs(HR.id, { external_id: 'logged' });
    await emu.box('GET', '/sign_requests');
    await emu.box('GET', '/sign_requests', undefined, as('99999'));
    await emu.box('GET', '/sign_requests', undefined, { authorization: 'Bearer wrong', ...as(HR.id) });
    await emu.control('POST', '/faults', { method: 'GET', path: '/2.0/users/me', status: 503 });
    await emu.box('GET', '/users/me', undefined, as(LEGAL.id));

    const calls = (await emu.control('GET', '/calls')).body.calls as CallRecord[];
    expect(calls.map((c) => [c.method, c.path, c.status, c.user_id])).toEqual([
      ['POST', '/oauth2/token', 200, undefined],
      ['POST', '/2.0/sign_requests', 201, HR.id],
      ['GET', '/2.0/sign_requests', 200, AUTHENTICATED_USER.id],
      ['GET', '/2.0/sign_requests', 403, undefined],
      ['GET', '/2.0/sign_requests', 401, undefined],
      ['GET', '/2.0/users/me', 503, LEGAL.id],
    ]);
    expect(calls[1]?.external_id).toBe('logged');
  });

  it('seeds a chosen user’s history', async () => {
    expect((await emu.control('POST', '/sign_requests/seed', { count: 2, user_id: SALES.id })).status).toBe(200);
    expect(await listIds(as(SALES.id))).toHaveLength(2);
    expect(await listIds()).toEqual([]);
    expect((await emu.control('POST', '/sign_requests/seed', { count: 1, user_id: '99999' })).status).toBe(404);
  });
});

describe('emulator users: webhooks name the sender', () => {
  let emu: EmulatorUnderTest;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    emu = await EmulatorUnderTest.start();
  });
  afterAll(async () => {
    await emu.stop();
    await receiver.close();
  });

  it("created_by of a delivery is the request's sender, and of a registration the user that made it", async () => {
    await emu.control('PUT', '/webhooks', {
      address: `${receiver.origin}/hooks`,
      primary_key: 'k1',
      secondary_key: 'k2',
    });
    const registration = { target: { type: 'folder', id: '987654321' }, address: PUBLIC_WEBHOOK_ADDRESS };
    const registered = await emu.box(
      'POST',
      '/webhooks',
      { ...registration, triggers: ALL_SENT_TRIGGERS },
      as(LEGAL.id),
    );
    expect(registered.status).toBe(201);
    expect(registered.body.created_by).toEqual({ type: 'user', id: LEGAL.id, name: LEGAL.name, login: LEGAL.login });

    const created = await emu.box('POST', '/sign_requests', createBody(), as(SALES.id));
    const sent = await emu.control('POST', '/webhooks/send', { kind: 'genuine', sign_request_id: created.body.id });
    expect(sent.status).toBe(200);
    await eventually(
      () => Promise.resolve(receiver.requests.length),
      (count) => count > 0,
    );
    const bodies: Json[] = receiver.requests.map((r): Json => JSON.parse(r.body));
    for (const body of bodies) {
      expect(body.created_by).toEqual({ type: 'user', id: SALES.id, name: SALES.name, login: SALES.login });
      expect(body.additional_info.signer_emails[0]).toBe(SALES.login);
    }
  });
});

describe('emulator users: persisted state', () => {
  const dir = mkdtempSync(join(tmpdir(), 'box-emulator-users-'));
  const stateFile = join(dir, 'state.json');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps added users and every request’s sender; a file without users still loads, as the authenticated user’s', async () => {
    const first = await EmulatorUnderTest.start({ stateFile });
    const mine = (await first.create()).id;
    await first.control('POST', '/users', { id: '30001', login: 'ops.sender@emulator.box.test' });
    const ops = (await first.box('POST', '/sign_requests', createBody(), as('30001'))).body.id as string;
    const hr = (await first.box('POST', '/sign_requests', createBody(), as(HR.id))).body.id as string;
    await first.stop();

    const second = await EmulatorUnderTest.start({ stateFile });
    const ids = async (e: EmulatorUnderTest, headers: Record<string, string> = {}) =>
      ((await e.box('GET', '/sign_requests', undefined, headers)).body.entries as { id: string }[]).map((r) => r.id);
    expect(await ids(second)).toEqual([mine]);
    expect(await ids(second, as('30001'))).toEqual([ops]);
    expect(await ids(second, as(HR.id))).toEqual([hr]);
    await second.stop();

    // A file written before the emulator had users: no `users`; its requests are the authenticated user's.
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, unknown>;
    delete state.users;
    state.sign_requests = (state.sign_requests as { id: string }[]).filter((r) => r.id === mine);
    writeFileSync(stateFile, JSON.stringify(state));
    const old = await EmulatorUnderTest.start({ stateFile });
    expect(await ids(old)).toEqual([mine]);
    expect((await old.box('GET', `/sign_requests/${mine}`)).status).toBe(200);
    expect((await old.box('GET', '/users/me', undefined, as('30001'))).status).toBe(403);
    await old.stop();
  });
});
