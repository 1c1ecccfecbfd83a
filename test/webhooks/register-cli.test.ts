import { join } from 'node:path';
import { EmulatorControl, startEmulator, type RunningEmulator } from 'box-sign-emulator';
import { PROJECT_ROOT } from '../../scripts/tools';
import { schemaErrors } from '../support/box-openapi';
import { runBuilt } from '../support/run-built';

const REGISTER = join(PROJECT_ROOT, 'lib', 'webhooks', 'register-cli.js');
const ADDRESS = 'https://hooks.example.com/webhooks/box';

describe('registering the webhook on a Box folder (npm run webhooks:register)', () => {
  let emulator: RunningEmulator;
  let control: EmulatorControl;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    control = new EmulatorControl(emulator.url);
  });
  afterAll(() => emulator.stop());
  beforeEach(() => control.reset());

  const register = (args: string[]) =>
    runBuilt(REGISTER, args, {
      BOX_API_BASE_URL: `${emulator.url}/2.0`,
      BOX_DEVELOPER_TOKEN: 'emulator-developer-token',
    });

  it('creates a folder webhook for the request-ending triggers by default (POST /2.0/webhooks → 201 Webhook)', async () => {
    const run = await register(['--folder', '987654321', '--address', ADDRESS, '--json']);
    expect(run.code).toBe(0);
    const webhook = JSON.parse(run.stdout) as unknown;
    expect(schemaErrors('Webhook', webhook)).toEqual([]);
    expect(webhook).toMatchObject({
      type: 'webhook',
      target: { id: '987654321', type: 'folder' },
      address: ADDRESS,
      triggers: ['SIGN_REQUEST.COMPLETED', 'SIGN_REQUEST.DECLINED', 'SIGN_REQUEST.EXPIRED'],
    });
    expect((await control.webhooks()).registrations).toHaveLength(1);
  });

  it('says so, exit 1, when the folder already has this app’s webhook (Box allows one per item)', async () => {
    expect((await register(['--folder', '987654321', '--address', ADDRESS])).code).toBe(0);
    const again = await register(['--folder', '987654321', '--address', ADDRESS]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has a webhook .*\(webhook \d+\)/);
  });

  it('tries the other spelling of a disputed trigger when Box refuses the first', async () => {
    await control.configureWebhooks({ accepted_trigger_spelling: 'spec' });
    const run = await register([
      '--folder',
      '987654321',
      '--address',
      ADDRESS,
      '--triggers',
      'SIGN_REQUEST.COMPLETED,SIGN_REQUEST.SIGNER_SIGNED',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('trying the other spelling');
    expect(run.stdout).toContain('SIGN_REQUEST.SIGN_SIGNER_SIGNED');
    expect((await control.webhooks()).registrations[0]?.triggers).toEqual([
      'SIGN_REQUEST.COMPLETED',
      'SIGN_REQUEST.SIGN_SIGNER_SIGNED',
    ]);
  });

  it('refuses, before any Box call, an address Box would never deliver to and a bad folder, all in one message', async () => {
    const run = await register([
      '--folder',
      '0',
      '--address',
      'http://127.0.0.1:8789/webhooks/box',
      '--triggers',
      'FILE.UPLOADED',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--folder cannot be 0');
    expect(run.stderr).toContain('--address must use https');
    expect(run.stderr).toContain('FILE.UPLOADED is not a Sign trigger');
    const port = await register(['--folder', '987654321', '--address', 'https://hooks.example.com:8443/box']);
    expect(port.stderr).toContain('port 443');
    expect(await control.calls()).toEqual([]);
  });
});
