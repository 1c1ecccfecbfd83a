import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebhookDelivery } from '../src/control-client';
import { eventually, PUBLIC_WEBHOOK_ADDRESS, WebhookReceiver } from './receiver';
import { EmulatorUnderTest } from './helpers';

interface WebhookBody {
  id: string;
  trigger: string;
  webhook: { id: string };
  source: { id: string };
  additional_info: { sign_request_id: string };
}

const PATH = '/hooks/box';
const FOLDER = '987654321';
const ENDING = ['SIGN_REQUEST.COMPLETED', 'SIGN_REQUEST.DECLINED', 'SIGN_REQUEST.EXPIRED'];
const ALL = [...ENDING, 'SIGN_REQUEST.SIGNER_SIGNED', 'SIGN_REQUEST.SIGNATURE_REQUESTED'];

/** Box delivers per registered webhook: what its target covers, the triggers it lists, under its own id. */
describe('emulator webhooks follow the registrations', () => {
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
  beforeEach(async () => {
    receiver.requests.length = 0;
    await emu.control('POST', '/reset');
    await emu.control('PUT', '/webhooks', { address: `${receiver.origin}${PATH}`, primary_key: 'k' });
  });

  async function register(target: { type: 'file' | 'folder'; id: string }, triggers: string[]): Promise<string> {
    const created = await emu.box('POST', '/webhooks', { target, address: PUBLIC_WEBHOOK_ADDRESS, triggers });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  /** A request in `folder`, signed by its one signer, once the emulator has nothing more to deliver for it. */
  async function signedRequest(folder: string, sourceFileId = '1234567890'): Promise<string> {
    const { id } = await emu.create({
      parent_folder: { type: 'folder', id: folder },
      source_files: [{ type: 'file', id: sourceFileId }],
    });
    await emu.waitForStatus(id, 'sent');
    await emu.signer(id, 'signer@example.com', 'sign');
    await emu.waitForStatus(id, 'signed');
    await eventually(
      () => emu.control('GET', '/webhooks'),
      (view) => view.body.pending === 0,
    );
    // One more turn: a look scheduled by the last call runs after it was answered.
    await new Promise((resolve) => setTimeout(resolve, 50));
    return id;
  }

  const bodies = (): WebhookBody[] => receiver.requests.map((r) => JSON.parse(r.body) as WebhookBody);
  const deliveries = (): [string, string][] => bodies().map((b) => [b.webhook.id, b.trigger]);

  it('delivers nothing for a folder with no webhook', async () => {
    await signedRequest(FOLDER);
    expect(receiver.requests).toEqual([]);
    expect((await emu.control('GET', '/webhooks/deliveries')).body.deliveries).toEqual([]);
  });

  it('delivers only the triggers the webhook lists, with its id as webhook.id', async () => {
    const webhookId = await register({ type: 'folder', id: FOLDER }, ENDING);
    const id = await signedRequest(FOLDER);
    expect(deliveries()).toEqual([[webhookId, 'SIGN_REQUEST.COMPLETED']]);
    expect(bodies()[0]?.additional_info.sign_request_id).toBe(id);
    const log = (await emu.control('GET', '/webhooks/deliveries')).body.deliveries as WebhookDelivery[];
    expect(log.map((d) => [d.webhook_id, d.trigger])).toEqual([[webhookId, 'SIGN_REQUEST.COMPLETED']]);
  });

  it('a bounced invitation goes to the webhooks that list SIGNER_EMAIL_BOUNCED, naming that signer only', async () => {
    const bounced = 'SIGN_REQUEST.SIGNER_EMAIL_BOUNCED';
    const listing = await register({ type: 'folder', id: FOLDER }, [bounced]);
    const { id } = await emu.create({
      parent_folder: { type: 'folder', id: FOLDER },
      source_files: [{ type: 'file', id: '1234567890' }],
    });
    await emu.waitForStatus(id, 'sent');
    const answer = await emu.control('POST', `/sign_requests/${id}/signers/signer%40example.com/bounce`);
    expect(answer.status).toBe(200);
    expect(answer.body.webhooks_fired).toBe(1);
    await eventually(
      () => Promise.resolve(bodies()),
      (found) => found.length === 1,
    );
    expect(deliveries()).toEqual([[listing, bounced]]);
    const info = (bodies()[0] as unknown as { additional_info: { signer_emails: string[] } }).additional_info;
    expect(info.signer_emails).toEqual(['signer@example.com']);
    // Nothing of it in Box's API: the request is as it was.
    expect((await emu.box('GET', `/sign_requests/${id}`)).body.status).toBe('sent');
    // A signer not yet invited has had no e-mail to bounce.
    expect((await emu.control('POST', `/sign_requests/${id}/signers/nobody%40example.com/bounce`)).status).toBe(404);
  });

  it('delivers nothing for a request in another folder than the webhook’s', async () => {
    await register({ type: 'folder', id: FOLDER }, ALL);
    await signedRequest('111111111');
    expect(receiver.requests).toEqual([]);
  });

  it('a folder webhook cascades to subfolders, however deep', async () => {
    const webhookId = await register({ type: 'folder', id: FOLDER }, ['SIGN_REQUEST.COMPLETED']);
    expect((await emu.control('PUT', '/folders/222222222', { parent_id: FOLDER })).status).toBe(200);
    const nested = await emu.control('PUT', '/folders/333333333', { parent_id: '222222222' });
    expect(nested.body).toEqual({ id: '333333333', parent_id: '222222222', path: ['333333333', '222222222', FOLDER] });
    await signedRequest('333333333');
    expect(deliveries()).toEqual([[webhookId, 'SIGN_REQUEST.COMPLETED']]);
  });

  it('every webhook that covers the request fires once, each with its own triggers and id', async () => {
    await emu.control('PUT', '/folders/222222222', { parent_id: FOLDER });
    const parent = await register({ type: 'folder', id: FOLDER }, ['SIGN_REQUEST.COMPLETED']);
    const child = await register({ type: 'folder', id: '222222222' }, ['SIGN_REQUEST.SIGNER_SIGNED']);
    const file = await register({ type: 'file', id: '5550001' }, ['SIGN_REQUEST.COMPLETED']);
    await register({ type: 'folder', id: '444444444' }, ALL);
    await signedRequest('222222222', '5550001');
    expect(deliveries().sort()).toEqual(
      [
        [parent, 'SIGN_REQUEST.COMPLETED'],
        [child, 'SIGN_REQUEST.SIGNER_SIGNED'],
        [file, 'SIGN_REQUEST.COMPLETED'],
      ].sort(),
    );
    expect(new Set(bodies().map((b) => b.id)).size).toBe(3);
  });

  it('a file webhook fires for the request’s sign file, the source of the event', async () => {
    const { id } = await emu.create();
    const signFileId = (await emu.waitForStatus(id, 'sent')).sign_files?.files[0]?.id ?? '';
    const webhookId = await register({ type: 'file', id: signFileId }, ['SIGN_REQUEST.COMPLETED']);
    await emu.signer(id, 'signer@example.com', 'sign');
    await eventually(
      () => Promise.resolve(deliveries()),
      (d) => d.length > 0,
    );
    expect(deliveries()).toEqual([[webhookId, 'SIGN_REQUEST.COMPLETED']]);
    expect(bodies()[0]?.source.id).toBe(signFileId);
  });

  it('the folder tree refuses cycles and ids that are not folders', async () => {
    await emu.control('PUT', '/folders/222222222', { parent_id: FOLDER });
    expect((await emu.control('PUT', `/folders/${FOLDER}`, { parent_id: '222222222' })).body.error).toBe(
      'folder_cycle',
    );
    expect((await emu.control('PUT', '/folders/0', { parent_id: FOLDER })).status).toBe(400);
    expect((await emu.control('PUT', '/folders/abc', { parent_id: FOLDER })).status).toBe(400);
    expect((await emu.control('PUT', '/folders/222222222', { parent_id: 'x' })).status).toBe(400);
    expect((await emu.control('GET', '/folders')).body.folders).toEqual([{ id: '222222222', parent_id: FOLDER }]);
  });

  it('aimed deliveries go where the test aims them, registered or not; webhook.id names the covering webhook', async () => {
    const { id } = await emu.create();
    const unregistered = await emu.control('POST', '/webhooks/send', { kind: 'genuine', sign_request_id: id });
    expect(unregistered.status).toBe(200);
    const webhookId = await register({ type: 'folder', id: FOLDER }, ['SIGN_REQUEST.COMPLETED']);
    await emu.control('POST', '/webhooks/send', { kind: 'genuine', sign_request_id: id });
    expect(bodies().map((b) => b.webhook.id)).toEqual(['2000000001', webhookId]);
  });
});

describe('emulator webhooks in the state file', () => {
  it('keeps registrations and the folder tree across a restart, as Box keeps webhooks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'box-emulator-hooks-'));
    const stateFile = join(dir, 'state.json');
    const webhook = { target: { type: 'folder', id: FOLDER }, address: PUBLIC_WEBHOOK_ADDRESS, triggers: ENDING };
    try {
      let emu = await EmulatorUnderTest.start({ stateFile });
      const created = await emu.box('POST', '/webhooks', webhook);
      await emu.control('PUT', '/folders/222222222', { parent_id: FOLDER });
      await emu.stop();

      emu = await EmulatorUnderTest.start({ stateFile });
      try {
        expect((await emu.control('GET', '/webhooks')).body.registrations).toEqual([created.body]);
        expect((await emu.control('GET', '/folders')).body.folders).toEqual([{ id: '222222222', parent_id: FOLDER }]);
        const again = await emu.box('POST', '/webhooks', webhook);
        expect(again.status).toBe(409);
        expect(again.body.context_info.conflicts[0].id).toBe(created.body.id);
        const next = await emu.box('POST', '/webhooks', { ...webhook, target: { type: 'folder', id: '222222222' } });
        expect(Number(next.body.id)).toBe(Number(created.body.id) + 1);
      } finally {
        await emu.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
