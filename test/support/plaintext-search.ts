import { execFile } from 'node:child_process';
import { temporalCliPath } from '../../scripts/tools';

/**
 * Finds secrets in what Temporal stores, the way someone with database or CLI access would: every string, and
 * every string that decodes as base64 (payload data and metadata), searched for each secret.
 */
export function plaintextFindings(stored: unknown, secrets: string[]): string[] {
  const findings = new Set<string>();
  const visit = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      for (const text of [value, ...base64Readings(value)]) {
        for (const secret of secrets) if (text.includes(secret)) findings.add(`${secret} at ${path}`);
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${path}[${index}]`));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) visit(item, `${path}.${key}`);
    }
  };
  visit(stored, '$');
  return [...findings];
}

function base64Readings(value: string): string[] {
  if (value.length < 4 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return [];
  return [Buffer.from(value, 'base64').toString('latin1')];
}

/** Runs the `temporal` CLI against the test server, without any codec unless the arguments add one. */
export function temporalCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const address = process.env.TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEST_TEMPORAL_ADDRESS is not set: run the suites through jest (global setup)');
  return new Promise((resolve) => {
    execFile(
      temporalCliPath(),
      [...args, '--address', address, '--color', 'never'],
      { maxBuffer: 64 * 1024 * 1024, env: { PATH: process.env.PATH, HOME: process.env.HOME } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The raw history as `temporal workflow show --output json` prints it: no codec, what the server stores. */
export async function rawHistory(workflowId: string): Promise<unknown> {
  const run = await temporalCli(['workflow', 'show', '--workflow-id', workflowId, '--output', 'json']);
  if (run.code !== 0) throw new Error(`temporal workflow show failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** `temporal workflow describe --output json`: search attributes, memo, summary as the server stores them. */
export async function rawDescription(workflowId: string): Promise<unknown> {
  const run = await temporalCli(['workflow', 'describe', '--workflow-id', workflowId, '--output', 'json']);
  if (run.code !== 0) throw new Error(`temporal workflow describe failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** Every `encryption-key-id` found in the payloads of a raw history (metadata values are base64). */
export function encryptionKeyIds(stored: unknown): Set<string> {
  const ids = new Set<string>();
  const visit = (value: unknown, path = ''): void => {
    if (Array.isArray(value)) value.forEach((item) => visit(item, path));
    else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key === 'encryption-key-id' && typeof item === 'string') ids.add(Buffer.from(item, 'base64').toString());
        else visit(item, `${path}.${key}`);
      }
    }
  };
  visit(stored);
  return ids;
}

/** The encodings of every payload in `stored`, search attributes and patch markers aside (never passed to a codec). */
export function payloadEncodings(stored: unknown): Set<string> {
  const encodings = new Set<string>();
  const visit = (value: unknown, path = ''): void => {
    if (Array.isArray(value)) value.forEach((item) => visit(item, path));
    else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        // Never encoded by design: search attributes, the patch markers' details (Temporal's core writes the patch
        // id, a name from our own code, as json/plain) and a local activity marker's `data` (core's own record of the
        // activity: its id, type, attempt and times; the activity's result is the marker's `result`, encoded).
        if (key === 'searchAttributes' || key === 'patch-data') continue;
        if (key === 'data' && path.endsWith('markerRecordedEventAttributes.details')) continue;
        if (key === 'encoding' && typeof item === 'string') encodings.add(Buffer.from(item, 'base64').toString());
        else visit(item, `${path}.${key}`);
      }
    }
  };
  visit(stored);
  return encodings;
}
