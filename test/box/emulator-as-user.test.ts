import { EMULATOR_USERS, startEmulator, type RunningEmulator } from 'box-sign-emulator';
import { BoxApiError } from '../../box/errors';
import type { BoxSignRequestCreateBody } from '../../box/models';
import { createBoxSignClient } from '../../box/sign-client';
import { emulatorBoxConfig } from '../../scripts/emulator/box-config';

const [HR, , LEGAL] = EMULATOR_USERS;

const body: BoxSignRequestCreateBody = {
  source_files: [{ type: 'file', id: '1234567890' }],
  parent_folder: { type: 'folder', id: '987654321' },
  name: 'Contract',
  signers: [{ email: 'signer@example.com', role: 'signer', order: 1 }],
};

describe("our Box client against the emulator's users (as-user)", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, conversionDelayMs: 20, finalizingDelayMs: 20 });
  });
  afterAll(() => emulator.stop());

  it("turns Box's bodyless 403 for an unknown as-user into a non-retryable BoxApiError saying why", async () => {
    const client = createBoxSignClient(emulatorBoxConfig(emulator.url, 5_000));
    const refused = await client.createSignRequest(body, { asUser: '99999' }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(BoxApiError);
    expect(refused).toMatchObject({
      status: 403,
      code: 'insufficient_scope',
      boxMessage: 'The request requires higher privileges than provided by the access token.',
      retryable: false,
      method: 'POST',
      path: '/sign_requests',
    });
  });

  it('sends as-user per call, and per client', async () => {
    const client = createBoxSignClient(emulatorBoxConfig(emulator.url, 5_000));
    const sent = await client.createSignRequest(body, { asUser: LEGAL!.id });
    expect(sent.sender_email).toBe(LEGAL!.login);
    const others = await client.getSignRequest(sent.id, { asUser: HR!.id }).catch((error: unknown) => error);
    expect(others).toMatchObject({ status: 404, code: 'not_found', retryable: false });

    const asHr = createBoxSignClient({ ...emulatorBoxConfig(emulator.url, 5_000), asUserId: HR!.id });
    expect(await asHr.getCurrentUser()).toMatchObject({ id: HR!.id });
    const unknown = createBoxSignClient({ ...emulatorBoxConfig(emulator.url, 5_000), asUserId: '99999' });
    expect(await unknown.getCurrentUser().catch((error: unknown) => error)).toMatchObject({
      status: 403,
      retryable: false,
    });
  });
});
