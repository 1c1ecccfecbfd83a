import { createBoxSignClient } from '../../box/sign-client';
import { emulatorBoxConfig } from '../../scripts/emulator/box-config';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pythonVenvTool } from '../../scripts/tools';
import type { ApiRig } from '../support/api-rig';
import { newRigClients, startApiRig } from '../support/api-rig';
import type { Harness } from '../support/harness';
import { startHarness } from '../support/harness';

const run = promisify(execFile);

/** Every check schemathesis has (conformance, positive and negative data, missing headers, 405 with Allow…). */
const CHECKS = 'all';

/**
 * Property-based tests of the HTTP API against its own /openapi.json (PyPI schemathesis, pinned, from the test
 * bootstrap's virtual env) with all its checks: generated requests, valid (accepted) and invalid (refused), with a
 * valid key; no 5xx, every response as documented, 405 with Allow for a method a path does not have. Bounded (examples per operation, a fixed seed) so it stays a few tens of seconds.
 */
describe('HTTP API against its own OpenAPI document (schemathesis)', () => {
  let h: Harness;
  let api: ApiRig;
  beforeAll(async () => {
    h = await startHarness();
    // Its own client names: the shared dev server holds other suites' requests, under other payload keys.
    const suffix = randomBytes(4).toString('hex');
    const clients = newRigClients({ a: `fuzz-a-${suffix}`, b: `fuzz-b-${suffix}` });
    // An enterprise with the CAC/PIV permission: a generated cac_piv signer is then Box-valid (without it Box refuses).
    await h.control.setEnterprise({ cac_piv_enabled: true });
    // With Box (the emulator) for POST /v1/documents: without it that route answers 503 by design.
    const box = createBoxSignClient(emulatorBoxConfig(h.emulator.url, 10_000));
    // Its missing-key cases must not trip the per-address limit on failed authentication for the cases after them.
    api = await startApiRig(h, { createWaitMs: 2_000, box, authFailuresPerMinute: 1_000_000 }, clients);
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    await h?.teardown();
  });

  it('answers every generated request without a 5xx and as its schema says', async () => {
    const schemathesis = pythonVenvTool('schemathesis');
    expect(existsSync(schemathesis)).toBe(true);
    const cwd = mkdtempSync(join(tmpdir(), 'schemathesis-'));
    const args = [
      'run',
      `${api.url}/openapi.json`,
      '--header',
      `Authorization: Bearer ${api.keys.a}`,
      '--checks',
      CHECKS,
      '--mode',
      'all',
      '--phases',
      'examples,coverage,fuzzing',
      '--max-examples',
      '15',
      '--seed',
      // Another seed explores other inputs (SCHEMATHESIS_SEED=…); the suite's is fixed, so a run is repeatable.
      process.env.SCHEMATHESIS_SEED ?? '20261201',
      '--generation-database',
      'none',
      '--workers',
      '1',
      '--request-timeout',
      '90',
      // The result route long-polls for up to waitSeconds (at most 60) by design: its answers may take that long.
      '--max-response-time',
      '65',
      // Hypothesis's "data generation is too slow" check times the generator, not the API: on a loaded 2-core machine
      // (suites run in parallel lanes) the batch body's generator tripped it. Every check on the answers still runs.
      '--suppress-health-check',
      'too_slow',
      '--no-color',
    ];
    // The rules the schema cannot state, kept by generated positive inputs (see the hooks file).
    const env = { ...process.env, SCHEMATHESIS_HOOKS: join(__dirname, 'schemathesis_hooks.py') };
    const outcome = await run(schemathesis, args, { cwd, env, maxBuffer: 16 * 1024 * 1024, timeout: 240_000 }).then(
      ({ stdout }) => ({ code: 0, output: stdout }),
      (err: { code?: number; stdout?: string; stderr?: string }) => ({
        code: err.code ?? -1,
        output: `${err.stdout ?? ''}\n${err.stderr ?? ''}`,
      }),
    );
    if (outcome.code !== 0 || process.env.SCHEMATHESIS_VERBOSE) console.log(outcome.output);
    expect(outcome.code).toBe(0);
    expect(outcome.output).toMatch(/\d+ passed/);
  }, 300_000);
});
