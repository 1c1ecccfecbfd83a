import { ALL_SENT_TRIGGERS, EmulatorControl, startEmulator, type RunningEmulator } from 'box-sign-emulator';
import { STAND_IN_WEBHOOK_ADDRESS } from '../../scripts/emulator/local-receiver';
import { verifyBoxDelivery } from '../../webhooks/verify-delivery';
import type { RecordedRequest } from '../box/helpers/http-test-server';
import { TestServer, sendEmpty } from '../box/helpers/http-test-server';
import { eventually } from '../support/signers';
import { randomKey } from './webhook-rig';

const TOKEN = 'emulator-developer-token';
const PATH = '/hooks/box';

describe('the emulator delivers Box Sign webhooks the way Box does', () => {
  let emulator: RunningEmulator;
  let control: EmulatorControl;
  let receiver: TestServer;
  let answer: number[];
  const keys = { primary: randomKey(), secondary: randomKey() };

  beforeAll(async () => {
    receiver = await TestServer.start();
    receiver.on('POST', PATH, (_req, res) => sendEmpty(res, answer.shift() ?? 200));
    emulator = await startEmulator({ port: 0, conversionDelayMs: 20, finalizingDelayMs: 20 });
    control = new EmulatorControl(emulator.url);
  });
  afterAll(async () => {
    await emulator.stop();
    await receiver.close();
  });
  beforeEach(async () => {
    answer = [];
    receiver.requests.length = 0;
    await control.reset();
    await control.configureWebhooks({
      address: `${receiver.origin}${PATH}`,
      primary_key: keys.primary,
      secondary_key: keys.secondary,
      retry_base_delay_ms: 50,
    });
    // Box delivers only what a webhook was registered for: every Sign trigger on the requests' folder.
    const registered = await fetch(`${emulator.url}/2.0/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        target: { type: 'folder', id: '987654321' },
        address: STAND_IN_WEBHOOK_ADDRESS,
        triggers: ALL_SENT_TRIGGERS,
      }),
    });
    expect(registered.status).toBe(201);
  });

  async function create(signers: { email: string; order?: number }[], extra: Record<string, unknown> = {}) {
    const response = await fetch(`${emulator.url}/2.0/sign_requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        signers,
        source_files: [{ type: 'file', id: '1234567890' }],
        parent_folder: { type: 'folder', id: '987654321' },
        external_id: 'box-sign-delivery-test',
        ...extra,
      }),
    });
    const id = ((await response.json()) as { id: string }).id;
    await eventually(
      () => control.request(id),
      (r) => r.sign_request.status === 'sent',
    );
    return id;
  }

  const triggers = () => receiver.requests.map((r) => (JSON.parse(r.body) as { trigger: string }).trigger);

  it("sends Box's headers, signed with both keys over the raw body and the timestamp", async () => {
    const id = await create([{ email: 'one@example.com' }]);
    await control.signer(id, 'one@example.com', 'sign');
    await eventually(
      () => Promise.resolve(triggers()),
      (t) => t.includes('SIGN_REQUEST.COMPLETED'),
    );

    for (const delivery of receiver.requests) {
      expect(delivery.headers['user-agent']).toBe('Box-WH-Client/0.1');
      expect(delivery.headers['box-signature-version']).toBe('1');
      expect(delivery.headers['box-signature-algorithm']).toBe('HmacSHA256');
      expect(delivery.headers['box-delivery-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(delivery.headers['box-delivery-timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
      const raw = Buffer.from(delivery.body, 'utf8');
      expect(verifyBoxDelivery(delivery.headers, raw, { keys: { primary: keys.primary }, nowMs: Date.now() }).ok).toBe(
        true,
      );
      expect(
        verifyBoxDelivery(delivery.headers, raw, { keys: { secondary: keys.secondary }, nowMs: Date.now() }).ok,
      ).toBe(true);
    }
  });

  it('sends the payload shape of a Sign event: id, trigger, webhook, source file and folder, additional_info', async () => {
    const id = await create([{ email: 'shape@example.com' }]);
    await control.signer(id, 'shape@example.com', 'sign');
    await eventually(
      () => Promise.resolve(triggers()),
      (t) => t.includes('SIGN_REQUEST.COMPLETED'),
    );
    const completed = receiver.requests
      .map((r) => JSON.parse(r.body) as Record<string, unknown>)
      .find((b) => b.trigger === 'SIGN_REQUEST.COMPLETED');
    expect(completed).toMatchObject({
      type: 'webhook_event',
      id: expect.stringMatching(/\S+/),
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/),
      trigger: 'SIGN_REQUEST.COMPLETED',
      webhook: { id: expect.any(String), type: 'webhook' },
      created_by: { type: 'user', id: expect.any(String) },
      source: { type: 'file', id: expect.any(String), parent: { type: 'folder', id: '987654321' } },
      additional_info: {
        sign_request_id: id,
        signer_emails: expect.arrayContaining(['shape@example.com']),
        external_id: 'box-sign-delivery-test',
      },
    });
  });

  it('announces each signer asked to sign and each signature, then the completion, in order', async () => {
    const id = await create([
      { email: 'first@example.com', order: 1 },
      { email: 'second@example.com', order: 2 },
    ]);
    await control.signer(id, 'first@example.com', 'sign');
    await control.signer(id, 'second@example.com', 'sign');
    await eventually(
      () => Promise.resolve(triggers()),
      (t) => t.includes('SIGN_REQUEST.COMPLETED'),
    );
    expect(triggers()).toEqual([
      'SIGN_REQUEST.SIGNATURE_REQUESTED',
      'SIGN_REQUEST.SIGNER_SIGNED',
      'SIGN_REQUEST.SIGNATURE_REQUESTED',
      'SIGN_REQUEST.SIGNER_SIGNED',
      'SIGN_REQUEST.COMPLETED',
    ]);
  });

  it('writes the disputed names the spec’s way when asked, and sends only the subscribed triggers', async () => {
    await control.configureWebhooks({
      trigger_spelling: 'spec',
      triggers: ['SIGN_REQUEST.SIGNER_SIGNED', 'SIGN_REQUEST.DECLINED'],
    });
    const id = await create([
      { email: 'a@example.com', order: 1 },
      { email: 'b@example.com', order: 1 },
    ]);
    await control.signer(id, 'a@example.com', 'sign');
    await control.signer(id, 'b@example.com', 'decline');
    await eventually(
      () => Promise.resolve(triggers()),
      (t) => t.includes('SIGN_REQUEST.DECLINED'),
    );
    expect(triggers()).toEqual(['SIGN_REQUEST.SIGN_SIGNER_SIGNED', 'SIGN_REQUEST.DECLINED']);
  });

  it('announces an expiry when its clock passes the expiry date, without anyone reading the request', async () => {
    await create([{ email: 'late@example.com' }], { days_valid: 1 });
    await control.advanceClock({ days: 2 });
    await eventually(
      () => Promise.resolve(triggers()),
      (t) => t.includes('SIGN_REQUEST.EXPIRED'),
    );
    expect((await control.calls()).filter((c) => c.method === 'GET')).toEqual([]);
  });

  it('retries a delivery answered with anything but 2xx: a new delivery id and timestamp, the same event', async () => {
    await control.configureWebhooks({ triggers: ['SIGN_REQUEST.COMPLETED'] });
    answer = [500, 503, 401];
    const id = await create([{ email: 'retry@example.com' }]);
    await control.signer(id, 'retry@example.com', 'sign');
    const attempts = await eventually(
      () => Promise.resolve(receiver.requests),
      (r) => r.length === 4,
    );
    const events = new Set(attempts.map((r: RecordedRequest) => (JSON.parse(r.body) as { id: string }).id));
    expect(events.size).toBe(1);
    expect(new Set(attempts.map((r) => r.headers['box-delivery-id'])).size).toBe(4);
    expect(new Set(attempts.map((r) => r.body)).size).toBe(1);
    const log = (await control.webhookDeliveries()).map((d) => [d.attempt, d.status]);
    expect(log).toEqual([
      [1, 500],
      [2, 503],
      [3, 401],
      [4, 200],
    ]);
  });

  it('does nothing without an address (the default), and switching on announces nothing from before', async () => {
    await control.configureWebhooks({ address: null });
    const id = await create([{ email: 'quiet@example.com' }]);
    await control.signer(id, 'quiet@example.com', 'sign');
    await eventually(
      () => control.request(id),
      (r) => r.sign_request.status === 'signed',
    );
    await control.configureWebhooks({ address: `${receiver.origin}${PATH}` });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.requests).toEqual([]);
    expect(await control.webhookDeliveries()).toEqual([]);
  });
});
