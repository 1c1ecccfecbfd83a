import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emulatorBoxEnv } from '../../scripts/emulator/box-config';
import type { Harness } from '../support/harness';
import { signRequest, startHarness } from '../support/harness';
import { BUILT, runBuilt } from '../support/run-built';
import { boxRequestFor } from '../support/signers';

const HR = '20001';

/** `box-sign start --file`: the documents go to Box first, as the input's sender, then the request starts on them. */
describe('box-sign start --file', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    h = await startHarness({ allowedSenders: [HR] });
    dir = mkdtempSync(join(tmpdir(), 'box-sign-cli-files-'));
  }, 60_000);
  afterAll(() => h?.teardown());

  function cli(args: string[]) {
    return runBuilt(BUILT.cli, args, {
      TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
      BOX_SIGN_TASK_QUEUE: h.taskQueue,
      BOX_SIGN_ALLOWED_SENDERS: HR,
      ...emulatorBoxEnv(h.emulator.url),
      ...h.encryptionEnv,
    });
  }

  function file(name: string, content: string | Buffer): string {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  }

  it('uploads each file to the input’s folder as its sender and starts with their ids as sourceFiles', async () => {
    const { sourceFiles: _given, ...input } = signRequest({
      signers: [{ email: 'files@example.com' }],
      sender: { boxUserId: HR },
    });
    const contract = file(`contract-${input.businessKey}.pdf`, '%PDF-1.4 the contract');
    const annex = file(`annex-${input.businessKey}.pdf`, '%PDF-1.4 the annex');
    const inputFile = file(`${input.businessKey}.json`, JSON.stringify(input));
    const before = (await h.control.calls()).length;

    const run = await cli(['start', '--input', inputFile, '--file', contract, '--file', annex, '--json']);
    expect(run.code).toBe(0);
    const sha = createHash('sha256').update('%PDF-1.4 the contract').digest('hex');
    expect(run.stderr).toContain(`uploaded, sha256 ${sha}`);
    const { workflowId } = JSON.parse(run.stdout) as { workflowId: string };

    await boxRequestFor(h.control, workflowId);
    const [request] = await h.control.findByExternalId(workflowId);
    const uploadedIds = [...run.stderr.matchAll(/: Box file (\d+) \(uploaded/g)].map((m) => m[1]);
    expect(uploadedIds).toHaveLength(2);
    const sourceFiles = request?.sign_request['source_files'] as { id: string }[];
    expect(sourceFiles.map((f) => f.id)).toEqual(uploadedIds);
    const uploads = (await h.control.calls())
      .slice(before)
      .filter((c) => c.method === 'POST' && c.path === '/api/2.0/files/content');
    expect(uploads.map((c) => [c.status, c.user_id])).toEqual([
      [201, HR],
      [201, HR],
    ]);
  });

  it('an input that would be refused uploads nothing', async () => {
    const { sourceFiles: _given, ...input } = signRequest({
      signers: [{ email: 'files@example.com', verificationPhoneNumber: '555 1234' }],
    });
    const before = (await h.control.calls()).length;
    const run = await cli(['start', '--input', file('bad.json', JSON.stringify(input)), '--file', file('x.pdf', 'x')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('signers[0].verificationPhoneNumber');
    expect((await h.control.calls()).slice(before)).toEqual([]);
  });
});
