import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emulatorBoxEnv } from '../../scripts/emulator/box-config';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { BUILT, runBuilt } from '../support/run-built';
import { boxRequestFor } from '../support/signers';

/** `box-sign download`: every document of a finished request from Box, each SHA-256 checked against the recorded one. */
describe('box-sign download', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(() => h?.teardown());

  function cli(args: string[]) {
    return runBuilt(BUILT.cli, args, {
      TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
      BOX_SIGN_TASK_QUEUE: h.taskQueue,
      ...emulatorBoxEnv(h.emulator.url),
      ...h.encryptionEnv,
    });
  }

  it('downloads the signed copy and the signing log, verifies each hash and says so', async () => {
    const email = 'download.cli@example.com';
    const workflowId = await h.start(signRequest({ signers: [{ email, password: 'download-pw' }] }));
    const id = await boxRequestFor(h.control, workflowId);
    await h.control.signer(id, email, 'verify', { password: 'download-pw' });
    await h.control.signer(id, email, 'sign');
    const result = await h.result(workflowId);
    const out = mkdtempSync(join(tmpdir(), 'box-sign-download-'));

    const run = await cli(['download', workflowId, '--out', out, '--json']);
    expect([run.code, run.stderr]).toEqual([0, expect.any(String)]);
    const answer = JSON.parse(run.stdout) as {
      verified: boolean;
      documents: { path: string; sha256: string; verified: boolean; document: { kind: string; sha256: string } }[];
    };
    expect(answer.verified).toBe(true);
    expect(answer.documents.map((d) => d.document.kind).sort()).toEqual(['signed', 'signingLog']);
    for (const d of answer.documents) {
      const onDisk = createHash('sha256').update(readFileSync(d.path)).digest('hex');
      expect([onDisk, d.verified]).toEqual([d.document.sha256, true]);
    }
    expect(answer.documents.map((d) => d.document.sha256).sort()).toEqual(
      (result.documents ?? []).map((d) => d.sha256).sort(),
    );

    const text = await cli(['download', workflowId, '--out', out]);
    expect(text.stdout).toContain('all 2 documents verified');
  }, 90_000);

  it('says why when a request has no documents (yet)', async () => {
    const email = 'download.none@example.com';
    const workflowId = await h.start(signRequest({ signers: [{ email, password: 'pw' }] }));
    await boxRequestFor(h.control, workflowId);
    const run = await cli(['download', workflowId]);
    expect([run.code, run.stderr]).toEqual([1, expect.stringContaining('no documents to download')]);
  }, 60_000);
});
