import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PROJECT_ROOT, pythonVenvTool } from '../../scripts/tools';
import type { ApiRig, RigClients } from '../support/api-rig';
import type { Harness } from '../support/harness';
import { signRequest } from '../support/harness';
import type { ApiStack } from '../support/api-stack';
import { startApiStack } from '../support/api-stack';

const PASSWORD = 'python-example-Password!';

interface Step {
  step: string;
  [field: string]: unknown;
}

/**
 * examples/python/business_system.py, run as a business system would run it (plain Python + standardwebhooks, from
 * the test bootstrap's virtual env) against the real API, worker and emulator: it starts a request, waits for the
 * outcome, and verifies the signed callback on its own HTTP server while the test plays the signer.
 */
describe('the Python business-system example', () => {
  let stack: ApiStack;
  let rigClients: RigClients;
  let h: Harness;
  let api: ApiRig;

  beforeAll(async () => {
    stack = await startApiStack();
    ({ rigClients, h, api } = stack);
  }, 60_000);
  afterAll(() => stack?.stop());

  it('uploads the PDF it makes, starts a request on it through the API, hears it was signed, and verifies the callback', async () => {
    const { sourceFiles: _none, ...input } = signRequest({
      signers: [{ email: 'casey.python@example.com', password: PASSWORD }],
    });
    const inputFile = join(mkdtempSync(join(tmpdir(), 'python-example-')), 'request.json');
    writeFileSync(inputFile, JSON.stringify(input));
    const script = join(PROJECT_ROOT, 'examples', 'python', 'business_system.py');
    const child = spawn(
      pythonVenvTool('python'),
      [script, '--api', api.url, '--input', inputFile, '--callback-port', '0', '--timeout', '60'],
      {
        env: {
          PATH: process.env.PATH,
          BOX_SIGN_API_KEY: api.keys.a,
          BOX_SIGN_CALLBACK_SECRET: rigClients.clients.byName('client-a')?.callbackSecret,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const steps: Step[] = [];
    for await (const line of createInterface({ input: child.stdout })) {
      const step = JSON.parse(line) as Step;
      steps.push(step);
      if (step.step === 'started') {
        const id = String(step.signRequestId);
        await h.control.signer(id, 'casey.python@example.com', 'verify', { password: PASSWORD });
        await h.control.signer(id, 'casey.python@example.com', 'sign');
      }
    }
    const code = await exited;
    if (code !== 0) console.log(steps, stderr);
    expect(code).toBe(0);
    expect(steps.map((s) => s.step)).toEqual(['uploaded', 'started', 'result', 'callback received', 'done']);
    expect(steps[0]).toMatchObject({ httpStatus: 201, fileId: expect.stringMatching(/^\d+$/) });
    const uploads = (await h.control.calls()).filter((c) => c.method === 'POST' && c.path === '/api/2.0/files/content');
    expect(uploads.map((c) => c.status)).toEqual([201]);
    expect(steps[1]).toMatchObject({ httpStatus: 201, businessKey: input.businessKey });
    expect(steps[2]).toMatchObject({ outcome: 'signed', state: 'completed' });
    expect(steps[3]).toMatchObject({ type: 'sign_request.signed', verified: true });
    expect(steps[4]).toMatchObject({ outcome: 'signed' });
  }, 90_000);
});
