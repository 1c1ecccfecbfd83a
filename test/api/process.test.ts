import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadApiConfig } from '../../api/config';
import { ConfigError } from '../../config/config-error';
import { sha256Hex } from '../../config/api-clients';
import { OwnedProcess } from '../../scripts/owned-process';
import { freePort, waitFor } from '../../scripts/processes';
import { PROJECT_ROOT } from '../../scripts/tools';
import { newApiKey } from '../support/api-rig';
import { runBuilt } from '../support/run-built';

const API = join(PROJECT_ROOT, 'lib', 'api', 'main.js');
const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

function keysFileFor(key: string): string {
  return JSON.stringify({ clients: [{ name: 'proc', keySha256: sha256Hex(key), callbackSecret: SECRET }] });
}

describe('the API process (node lib/api/main.js)', () => {
  it('reports every configuration problem in one message', () => {
    let error: unknown;
    try {
      loadApiConfig({ API_PORT: 'eighty', API_CREATE_WAIT_MS: '-1', API_RATE_LIMIT_PER_MINUTE: '0' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('BOX_SIGN_API_KEYS_FILE is required');
    expect(message).toContain('API_PORT must be a whole number from 0 to 65535');
    expect(message).toContain('API_CREATE_WAIT_MS must be a whole number');
    expect(message).toContain('API_RATE_LIMIT_PER_MINUTE must be a whole number');
    expect(message).toContain('no payload encryption key');
  });

  it('refuses to start with an invalid keys file (exit 2, one message, no value from it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'box-sign-api-'));
    const file = join(dir, 'keys.json');
    writeFileSync(file, JSON.stringify({ clients: [{ name: 'Bad Name', keySha256: 'short', callbackSecret: 'x' }] }));
    const run = await runBuilt(API, [], { BOX_SIGN_API_KEYS_FILE: file, BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS: 'true' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('clients.0.name');
    expect(run.stderr).toContain('clients.0.keySha256');
    expect(run.stderr).not.toContain('Bad Name');
  });

  it('serves, re-reads the keys file on SIGHUP (keeping the old clients when the new file is invalid), stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'box-sign-api-'));
    const file = join(dir, 'keys.json');
    const logFile = join(dir, 'api.log');
    const [first, second] = [newApiKey(), newApiKey()];
    writeFileSync(file, keysFileFor(first));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const api = new OwnedProcess(process.execPath, [API], {
      logFile,
      env: {
        PATH: process.env.PATH,
        TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
        BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS: 'true',
        BOX_SIGN_API_KEYS_FILE: file,
        API_PORT: String(port),
      },
    });
    try {
      await waitFor('the API', async () => (await fetch(`${url}/ready`)).ok, 20_000, { pid: api.pid, logFile });
      const list = async (key: string) =>
        (await fetch(`${url}/v1/sign-requests`, { headers: { authorization: `Bearer ${key}` } })).status;
      expect([await list(first), await list(second)]).toEqual([200, 401]);

      writeFileSync(file, keysFileFor(second));
      process.kill(api.pid, 'SIGHUP');
      await waitFor('the new key', async () => (await list(second)) === 200, 10_000);
      expect(await list(first)).toBe(401);

      writeFileSync(file, '{"clients": []}');
      process.kill(api.pid, 'SIGHUP');
      await waitFor(
        'the refusal',
        () => Promise.resolve(readFileSync(logFile, 'utf8').includes('not replaced')),
        10_000,
      );
      expect(await list(second)).toBe(200);

      const log = readFileSync(logFile, 'utf8');
      expect(log).toContain('"route":"/v1/sign-requests"');
      expect(log).toContain('"client":"proc"');
      expect(log).not.toContain(second);

      process.kill(api.pid, 'SIGTERM');
      expect(await api.exited).toBe(0);
    } finally {
      await api.kill();
    }
  });
});
