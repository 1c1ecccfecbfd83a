import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { ApiClientsSource } from '../../api/auth';
import type { ApiServerOptions } from '../../api/server';
import { buildApiServer } from '../../api/server';
import { ApiClients, sha256Hex } from '../../config/api-clients';
import type { KeyRing } from '../../encryption/key-ring';
import type { SecretSealing } from '../../encryption/sealing-keys';
import { startBindingKeysFor } from '../../encryption/start-binding';
import type { RunningHttpServer } from '../../http/listen';
import { listen } from '../../http/listen';
import { lazyClient } from '../../client/temporal-client';
import { freePort } from '../../scripts/processes';
import { createJsonLogger, silentLogger } from '../../logging/logger';

export interface ApiCallResult {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface ApiRig {
  url: string;
  /** Two API clients: `a` and `b`, each with its own key. */
  keys: { a: string; b: string };
  /** The clients in force: replace `current`, as SIGHUP does with a re-read file. */
  clients: ApiClientsSource;
  call(
    method: string,
    path: string,
    options?: { key?: string | null; body?: unknown; rawBody?: string },
  ): Promise<ApiCallResult>;
  stop(): Promise<void>;
}

export function newApiKey(): string {
  return randomBytes(24).toString('base64url');
}

export function apiClientsFor(keys: Record<string, string>): ApiClients {
  return ApiClients.fromJson({
    clients: Object.entries(keys).map(([name, key]) => ({
      name,
      keySha256: sha256Hex(key),
      callbackSecret: `whsec_${randomBytes(32).toString('base64')}`,
    })),
  });
}

export interface RigClients {
  keys: { a: string; b: string };
  /** `client-a` and `client-b`, each with its own key and callback secret (a worker can sign with these). */
  clients: ApiClients;
}

/** `names` apart from the default: a suite that lists or fuzzes sees no other suite's requests on the server. */
export function newRigClients(names: { a: string; b: string } = { a: 'client-a', b: 'client-b' }): RigClients {
  const keys = { a: newApiKey(), b: newApiKey() };
  return { keys, clients: apiClientsFor({ [names.a]: keys.a, [names.b]: keys.b }) };
}

/** Where the API starts requests: a harness's Temporal client, task queue and the workers' public sealing key. */
export interface ApiRigTarget {
  client: Client;
  taskQueue: string;
  sealing: SecretSealing;
  /** The harness's payload keys: the API binds its starts with keys derived from them, as the worker checks. */
  keyRing?: KeyRing;
}

/** The API served on a free port, over the suite's Temporal client and task queue, with two clients. */
export async function startApiRig(
  { client, taskQueue, sealing, keyRing }: ApiRigTarget,
  overrides: Partial<Omit<ApiServerOptions, 'client' | 'taskQueue' | 'clients' | 'sealing'>> = {},
  { keys, clients }: RigClients = newRigClients(),
): Promise<ApiRig> {
  const source: ApiClientsSource = { current: clients };
  const app = await buildApiServer({
    client,
    taskQueue,
    sealing,
    startBinding: keyRing === undefined ? null : startBindingKeysFor(undefined, { mode: 'encrypted', keyRing }),
    clients: source,
    createWaitMs: 10_000,
    rateLimitPerMinute: 10_000,
    // The harness's inputs poll every few hundred milliseconds (TEST_POLLING); production refuses that below 30 s.
    minPollIntervalMs: 100,
    bodyLimitBytes: 1024 * 1024,
    requestTimeoutMs: 75_000,
    callbackAllowHosts: ['127.0.0.1', 'localhost'],
    allowedSenders: [],
    logger: process.env.API_RIG_LOG ? createJsonLogger('api-rig', 'warn') : silentLogger,
    ...overrides,
  });
  const server: RunningHttpServer = await listen(app, { port: 0 });
  return {
    url: server.url,
    keys,
    clients: source,
    async call(method, path, options = {}) {
      const key = options.key === undefined ? keys.a : options.key;
      const headers: Record<string, string> = {};
      if (key !== null) headers.authorization = `Bearer ${key}`;
      let body: string | undefined = options.rawBody;
      if (options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${server.url}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? null : JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, headers: response.headers, body: parsed };
    },
    stop: () => server.stop(),
  };
}

/**
 * The API over a Temporal client whose server never answers (a free port nobody listens on): what the API says while
 * Temporal is down. `stop` also closes that client.
 */
export async function startApiRigWithTemporalDown(sealing: SecretSealing): Promise<ApiRig> {
  const address = `127.0.0.1:${await freePort()}`;
  const unreachable = lazyClient(
    { connection: { address, connectTimeout: 500 }, namespace: 'default', taskQueue: 'none' },
    { mode: 'insecure-plaintext' },
  );
  const rig = await startApiRig({ client: unreachable.client, taskQueue: 'none', sealing });
  return {
    ...rig,
    async stop() {
      await rig.stop();
      await unreachable.close().catch(() => undefined);
    },
  };
}
