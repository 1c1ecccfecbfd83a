import { BoxClient, BoxDeveloperTokenAuth } from 'box-node-sdk';
import { BoxApiError } from 'box-node-sdk/lib/box/errors';
import { AUTHENTICATED_USER, EMULATOR_USERS } from '../src/users';
import { emulatorBaseUrls, sdkClientFor } from './box-sdk-client';
import { DEV_TOKEN, EmulatorUnderTest } from './helpers';
import { PUBLIC_WEBHOOK_ADDRESS } from './receiver';

const [HR] = EMULATOR_USERS;
const SIGNER = 'signer@example.com';

/**
 * Box's official SDK (box-node-sdk 10, generated from Box's OpenAPI spec) is the judge of the emulator: it
 * deserializes every answer strictly (types and enums), so a field the emulator spells or shapes differently
 * from Box fails here.
 */
describe("Box's official SDK against the emulator", () => {
  let emu: EmulatorUnderTest;
  let client: BoxClient;
  beforeAll(async () => {
    emu = await EmulatorUnderTest.start();
    client = sdkClientFor(emu.url);
  });
  afterAll(() => emu.stop());
  beforeEach(async () => {
    await emu.control('POST', '/reset');
  });

  const createRequest = (c: BoxClient = client) =>
    c.signRequests.createSignRequest({
      sourceFiles: [{ type: 'file', id: '1234567890' }],
      parentFolder: { type: 'folder', id: '987654321' },
      name: 'Contract',
      externalId: 'sdk-1',
      signers: [
        { email: SIGNER, role: 'signer', order: 1, password: 'correct horse', verificationPhoneNumber: '+15551232190' },
      ],
    });

  it('authenticates with the client-credentials grant and reads the acting user, also as another user', async () => {
    expect(await client.users.getUserMe()).toMatchObject({ type: 'user', id: AUTHENTICATED_USER.id });
    expect(await client.withAsUserHeader(HR!.id).users.getUserMe()).toMatchObject({ id: HR!.id, login: HR!.login });
  });

  it('authenticates with a developer token', async () => {
    const devClient = new BoxClient({ auth: new BoxDeveloperTokenAuth({ token: DEV_TOKEN }) }).withCustomBaseUrls(
      emulatorBaseUrls(emu.url),
    );
    expect((await devClient.users.getUserMe()).id).toBe(AUTHENTICATED_USER.id);
  });

  it('creates, reads, lists, resends and cancels a sign request, every answer parsed by the SDK', async () => {
    const created = await createRequest();
    // Box names the request after its document, with the .pdf it converts to.
    expect(created).toMatchObject({ type: 'sign-request', externalId: 'sdk-1', name: 'Contract.pdf' });
    const signer = created.signers!.find((s) => s.email === SIGNER)!;
    expect(signer).toMatchObject({ role: 'signer', verificationPhoneNumber: '+15551232190', hasViewedDocument: false });
    expect(signer.password).toBeUndefined(); // write-only in Box

    await emu.waitForStatus(created.id!, 'sent');
    const read = await client.signRequests.getSignRequestById(created.id!);
    expect(read.status).toBe('sent');
    expect(read.parentFolder).toMatchObject({ type: 'folder', id: '987654321' });

    const page = await client.signRequests.getSignRequests({ limit: 10 });
    expect(page.entries!.map((entry) => entry.id)).toEqual([created.id]);

    await emu.advance({ ms: 11 * 60_000 });
    await expect(client.signRequests.resendSignRequest(created.id!)).resolves.toBeUndefined();
    const cancelled = await client.signRequests.cancelSignRequest(created.id!, { requestBody: { reason: 'typo' } });
    expect(cancelled.status).toBe('cancelled');
  });

  it("reads a signed request's files and signing log, and each signer's decision", async () => {
    const created = await emu.create({ signers: [{ email: SIGNER, role: 'signer', order: 1 }] });
    await emu.waitForStatus(created.id, 'sent');
    expect((await emu.signer(created.id, SIGNER, 'sign')).status).toBe(200);
    await emu.waitForStatus(created.id, 'signed');

    const signed = await client.signRequests.getSignRequestById(created.id);
    expect(signed.signFiles).toMatchObject({ isReadyForDownload: true, files: [{ type: 'file' }] });
    expect(signed.signingLog).toMatchObject({ type: 'file' });
    expect(signed.signers!.find((s) => s.email === SIGNER)!.signerDecision).toMatchObject({ type: 'signed' });
  });

  it("answers what Box refuses with Box's ClientError, which the SDK raises as a BoxApiError", async () => {
    const missing = await client.signRequests
      .getSignRequestById('00000000-0000-0000-0000-000000000000')
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(BoxApiError);
    expect((missing as BoxApiError).responseInfo).toMatchObject({
      statusCode: 404,
      body: { type: 'error', code: 'not_found' },
    });

    const refused = await client
      .withAsUserHeader('99999')
      .users.getUserMe()
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BoxApiError);
    expect((refused as BoxApiError).responseInfo.statusCode).toBe(403);
  });

  it('registers a folder webhook for the Sign triggers', async () => {
    const webhook = await client.webhooks.createWebhook({
      target: { type: 'folder', id: '987654321' },
      address: PUBLIC_WEBHOOK_ADDRESS,
      triggers: ['SIGN_REQUEST.COMPLETED', 'SIGN_REQUEST.DECLINED'],
    });
    expect(webhook).toMatchObject({ type: 'webhook', target: { type: 'folder', id: '987654321' } });
    expect(webhook.triggers).toEqual(['SIGN_REQUEST.COMPLETED', 'SIGN_REQUEST.DECLINED']);
  });
  it('parses every verification field and the templates: verification_method per signer, null when none', async () => {
    await emu.control('PUT', '/enterprise', { cac_piv_enabled: true });
    const created = await emu.create({
      signers: [
        { email: 'login@example.com', order: 1, verification_method: { type: 'login' }, password: 'pw' },
        { email: 'card@example.com', order: 2, verification_method: { type: 'cac_piv' } },
        { email: 'sms@example.com', order: 3, verification_method: { type: 'phone', phone_number: '+15551232190' } },
        { email: SIGNER, order: 4 },
      ],
    });
    const read = await client.signRequests.getSignRequestById(created.id);
    // The SDK's model predates verification_method (Box's spec does not have it yet): it parses the answer and
    // keeps the field in the raw data it was given.
    expect(read.signers!.map((s) => s.email)).toEqual(expect.arrayContaining([SIGNER, 'card@example.com']));
    const raw = read.rawData as { signers: { email: string; verification_method: unknown }[] };
    const methods = Object.fromEntries(raw.signers.map((s) => [s.email, s.verification_method]));
    expect(methods).toMatchObject({
      'login@example.com': { type: 'login' },
      'card@example.com': { type: 'cac_piv' },
      'sms@example.com': { type: 'phone', phone_number: '+15551232190' },
      [SIGNER]: null,
    });

    const made = await emu.control('POST', '/sign_templates', {
      name: 'NDA',
      source_file_ids: ['1234567890'],
      are_recipients_locked: true,
      signers: [
        { role: 'signer', order: 1, label: 'Counterparty', is_phone_number_required: true, login_required: true },
        { email: 'legal@example.com', role: 'approver', order: 2, is_password_required: true, password: 'tpl' },
      ],
    });
    const template = await client.signTemplates.getSignTemplateById(made.body.id as string);
    expect(template).toMatchObject({
      type: 'sign-template',
      name: 'NDA',
      areRecipientsLocked: true,
      signers: [
        { role: 'signer', order: 1, label: 'Counterparty', isPhoneNumberRequired: true, loginRequired: true },
        { email: 'legal@example.com', role: 'approver', isPasswordRequired: true },
      ],
      additionalInfo: { required: { signers: [['email'], []] } },
    });
    const page = await client.signTemplates.getSignTemplates();
    expect(page.entries!.map((t) => t.id)).toEqual([template.id]);
  });
});
