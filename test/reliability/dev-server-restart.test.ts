import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DevServer } from '../../scripts/dev-server';
import { startDevServer } from '../../scripts/dev-server';
import type { ChildWorkerRig } from '../support/child-worker-rig';
import { startChildWorkerRig } from '../support/child-worker-rig';
import { signRequest } from '../support/harness';
import { boxRequestFor } from '../support/signers';

describe('a Temporal server restart', () => {
  let dir: string;
  let server: DevServer;
  let rig: ChildWorkerRig;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'box-sign-restart-'));
    server = await startDevServer(dir);
    rig = await startChildWorkerRig(server.address, dir);
  }, 90_000);
  afterAll(async () => {
    await rig?.teardown();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('keeps running workflows: stopped and started again on the same SQLite file, each ends with its one request', async () => {
    const signers = {
      password: { email: 'restart.password@example.com', password: 'pw' },
      phone: { email: 'restart.phone@example.com', verificationPhoneNumber: '+15551232190' },
      decliner: { email: 'restart.decliner@example.com', password: 'pw' },
    };
    const started = {
      password: await rig.start(signRequest({ signers: [signers.password] })),
      phone: await rig.start(signRequest({ signers: [signers.phone] })),
      decliner: await rig.start(signRequest({ signers: [signers.decliner] })),
    };
    const ids = {
      password: await boxRequestFor(rig.control, started.password),
      phone: await boxRequestFor(rig.control, started.phone),
      decliner: await boxRequestFor(rig.control, started.decliner),
    };

    await server.stop();
    // Signers act on Box while Temporal is down.
    await rig.control.signer(ids.password, signers.password.email, 'verify', { password: 'pw' });
    await rig.control.signer(ids.password, signers.password.email, 'sign');
    await rig.control.signer(ids.phone, signers.phone.email, 'send-code');
    const code = await rig.control.latestCode(ids.phone, signers.phone.email);
    await rig.control.signer(ids.phone, signers.phone.email, 'verify', { code });
    await rig.control.signer(ids.phone, signers.phone.email, 'sign');
    await rig.control.signer(ids.decliner, signers.decliner.email, 'verify', { password: 'pw' });
    await rig.control.signer(ids.decliner, signers.decliner.email, 'decline', { reason: 'not today' });
    await server.start();
    await rig.reconnect();

    expect(await rig.result(started.password)).toMatchObject({ outcome: 'signed', signRequestId: ids.password });
    expect(await rig.result(started.phone)).toMatchObject({ outcome: 'signed', signRequestId: ids.phone });
    expect(await rig.result(started.decliner)).toMatchObject({ outcome: 'declined', signRequestId: ids.decliner });
    for (const workflowId of Object.values(started)) {
      expect(await rig.control.findByExternalId(workflowId)).toHaveLength(1);
    }
  }, 120_000);
});
