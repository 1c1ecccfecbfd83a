import { Connection } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { API_DEFAULTS, API_ENV } from '../api/config';
import { createBoxSignClient } from '../box/sign-client';
import { CALLBACK_ALLOW_HOSTS_VARIABLE } from '../callbacks/url-policy';
import { sha256Hex } from '../config/api-clients';
import { DEFAULT_TASK_QUEUE } from '../contracts';
import { devServerSearchAttributeArgs } from '../search-attributes/namespace-search-attributes';
import { emulatorBoxConfig, emulatorBoxEnv } from '../emulator/box-config';
import { EmulatorControl } from '../emulator/control-client';
import { EMULATOR_USERS } from '../emulator/users';
import { registerLocalReceiver } from '../emulator/webhooks/stand-in';
import { CODEC_SERVER_ENV } from '../encryption/codec-server-config';
import { ENCRYPTION_ENV } from '../encryption/key-config';
import { formatKeyRing, generateKeyRing } from '../encryption/key-ring';
import { SEALING_ENV, generateSealingKeyPairText } from '../encryption/sealing-keys';
import { LOCAL_STACK_SEALING_PUBLIC_KEY } from '../client/cli/local-stack-key';
import { WEBHOOK_RECEIVER_DEFAULTS, WEBHOOK_RECEIVER_ENV } from '../webhooks/config';
import { SettingsReader } from '../config/reader';
import { SETTINGS } from '../config/settings';
import { applySenderQuotas, perMinute } from '../quotas/sender-quotas';
import { readSenderRateLimits } from '../worker/box-rate-limits';
import type { ProcessState } from './process-state';
import { processState } from './process-state';
import { isPortFree, sleep, spawnDetached, stopProcess, waitFor } from './processes';
import { STACK_UMASK, prepareStackDir } from './stack-dir';
import { devServerDynamicConfigArgs } from './temporal-dynamic-config';
import { PROJECT_ROOT, temporalCliPath } from './tools';
import { parseArguments, strictProgram } from './command-line';
import { READINESS_PATH } from '../http/health';
import { workerPolls } from './worker-pollers';

/**
 * The local stack: the Temporal dev server (SQLite under .stack/, Web UI), the Box Sign emulator, the codec
 * server (so the local Web UI shows decrypted payloads), the webhook receiver (the emulator delivers Box's
 * webhooks to it, signed with keys generated under STACK_DIR), the worker and the HTTP API (one local API key,
 * generated under STACK_DIR), each in the background. `up` is idempotent; `down` stops exactly the processes `up`
 * recorded.
 */

const STACK_DIR = process.env.STACK_DIR ? resolve(process.env.STACK_DIR) : join(PROJECT_ROOT, '.stack');
const STATE_FILE = join(STACK_DIR, 'stack.json');
const HOST = '127.0.0.1';

export interface StackInfo {
  temporalAddress: string;
  uiUrl: string;
  emulatorUrl: string;
  taskQueue: string;
  namespace: string;
  codecUrl: string;
  /** The local payload key ring (generated on first `up`, git-ignored): BOX_SIGN_ENCRYPTION_KEYS_FILE. */
  encryptionKeysFile: string;
  /** The workers' sealing private key (BOX_SIGN_SEALING_PRIVATE_KEYS_FILE) and the starters' public key. */
  sealingPrivateKeysFile: string;
  sealingPublicKeyFile: string;
  /** The codec server's bearer token. */
  codecTokenFile: string;
  /** Where the emulator delivers Box webhooks. */
  webhookReceiverUrl: string;
  /** Box's two webhook signature keys, shared by the emulator (signs) and the receiver (verifies). */
  webhookKeyFiles: { primary: string; secondary: string };
  /** The worker's METRICS_PORT: /metrics, /healthz, /readyz. */
  workerMetricsUrl: string;
  /** The HTTP API for business systems. */
  apiUrl: string;
  /** The local API key (client `local`), 0600. */
  apiKeyFile: string;
  /** BOX_SIGN_API_KEYS_FILE: the key's SHA-256 and the client's callback secret. */
  apiKeysFile: string;
}

interface StackState {
  temporal?: { pid: number };
  emulator?: { pid: number };
  codec?: { pid: number };
  receiver?: { pid: number };
  worker?: { pid: number };
  api?: { pid: number };
}

type Component = keyof StackState;

/** What each component's command line contains: a recorded pid now running something else is not ours. */
const COMMANDS: Record<Component, string> = {
  temporal: 'start-dev',
  emulator: join('lib', 'emulator', 'main.js'),
  codec: 'codec-server-main.js',
  receiver: join('lib', 'webhooks', 'main.js'),
  worker: join('lib', 'worker', 'main.js'),
  api: join('lib', 'api', 'main.js'),
};

/** The worker's metrics and probes port (worker/config.ts reads it); the stack always sets it. */
const WORKER_METRICS_PORT = 'METRICS_PORT';

/** How long a worker that is alive but not polling may still be starting before it is restarted. */
const WORKER_START_GRACE_MS = 20_000;

function ports(env = process.env) {
  const read = (key: string, fallback: number) => {
    const value = Number(env[key] ?? fallback);
    if (!Number.isInteger(value) || value <= 0 || value > 65535) throw new Error(`${key} must be a port number`);
    return value;
  };
  return {
    temporal: read('TEMPORAL_PORT', 7233),
    ui: read('TEMPORAL_UI_PORT', 8233),
    emulator: read('EMULATOR_PORT', 8788),
    codec: read(CODEC_SERVER_ENV.port, 8888),
    receiver: read(WEBHOOK_RECEIVER_ENV.port, WEBHOOK_RECEIVER_DEFAULTS.port),
    api: read(API_ENV.port, API_DEFAULTS.port),
    workerMetrics: read(WORKER_METRICS_PORT, 9464),
  };
}

export function stackInfo(): StackInfo {
  const p = ports();
  return {
    temporalAddress: `${HOST}:${p.temporal}`,
    uiUrl: `http://localhost:${p.ui}`,
    emulatorUrl: `http://${HOST}:${p.emulator}`,
    taskQueue: DEFAULT_TASK_QUEUE,
    namespace: 'default',
    codecUrl: `http://${HOST}:${p.codec}`,
    encryptionKeysFile: join(STACK_DIR, 'encryption-key'),
    sealingPrivateKeysFile: join(STACK_DIR, 'sealing-private-keys'),
    sealingPublicKeyFile: join(STACK_DIR, LOCAL_STACK_SEALING_PUBLIC_KEY),
    codecTokenFile: join(STACK_DIR, 'codec-token'),
    webhookReceiverUrl: `http://${HOST}:${p.receiver}${WEBHOOK_RECEIVER_DEFAULTS.path}`,
    webhookKeyFiles: {
      primary: join(STACK_DIR, 'webhook-primary-key'),
      secondary: join(STACK_DIR, 'webhook-secondary-key'),
    },
    workerMetricsUrl: `http://${HOST}:${p.workerMetrics}`,
    apiUrl: `http://${HOST}:${p.api}`,
    apiKeyFile: join(STACK_DIR, 'api-key'),
    apiKeysFile: join(STACK_DIR, 'api-keys.json'),
  };
}

/** A local key and codec token on first use; kept afterwards, so workflows in the SQLite file stay readable. */
function ensureLocalSecrets(info: StackInfo): void {
  if (!existsSync(info.encryptionKeysFile)) {
    const keyRing = generateKeyRing(`local-${randomBytes(3).toString('hex')}`);
    writeFileSync(info.encryptionKeysFile, `${formatKeyRing(keyRing)}\n`, { mode: 0o600 });
  }
  if (!existsSync(info.sealingPrivateKeysFile) || !existsSync(info.sealingPublicKeyFile)) {
    const pair = generateSealingKeyPairText(`local-${randomBytes(3).toString('hex')}`);
    writeFileSync(info.sealingPrivateKeysFile, `${pair.privateEntry}\n`, { mode: 0o600 });
    writeFileSync(info.sealingPublicKeyFile, `${pair.publicEntry}\n`, { mode: 0o600 });
  }
  if (!existsSync(info.codecTokenFile)) {
    writeFileSync(info.codecTokenFile, `${randomBytes(24).toString('hex')}\n`, { mode: 0o600 });
  }
  for (const file of [info.webhookKeyFiles.primary, info.webhookKeyFiles.secondary]) {
    if (!existsSync(file)) writeFileSync(file, `${randomBytes(24).toString('base64')}\n`, { mode: 0o600 });
  }
  if (!existsSync(info.apiKeyFile) || !existsSync(info.apiKeysFile)) {
    const key = randomBytes(24).toString('base64url');
    const clients = [
      { name: 'local', keySha256: sha256Hex(key), callbackSecret: `whsec_${randomBytes(32).toString('base64')}` },
    ];
    writeFileSync(info.apiKeysFile, `${JSON.stringify({ clients }, null, 2)}\n`, { mode: 0o600 });
    writeFileSync(info.apiKeyFile, `${key}\n`, { mode: 0o600 });
  }
}

/** The dev server's Web UI calls the codec with the token in the path: it sends no Authorization header over http. */
function uiCodecEndpoint(info: StackInfo): string {
  return `${info.codecUrl}/${readFileSync(info.codecTokenFile, 'utf8').trim()}`;
}

function readState(): StackState {
  return existsSync(STATE_FILE) ? (JSON.parse(readFileSync(STATE_FILE, 'utf8')) as StackState) : {};
}

function writeState(state: StackState): void {
  writeFileSync(STATE_FILE, JSON.stringify(state, null, 2), { mode: 0o600 });
}

function running(state: StackState, component: Component): boolean {
  const pid = state[component]?.pid;
  return pid !== undefined && processState(pid, COMMANDS[component]) === 'running';
}

/**
 * True if the recorded process still runs (and, given `works`, still does its job), saying so. A recorded process that
 * exited, is a zombie, whose pid now belongs to another process, or that `works` found broken (and stopped) is
 * forgotten, saying why, to be started again.
 */
async function alreadyRunning(
  state: StackState,
  component: Component,
  label: string,
  log: (line: string) => void,
  works?: (pid: number) => Promise<boolean>,
): Promise<boolean> {
  const pid = state[component]?.pid;
  if (pid === undefined) return false;
  const now = processState(pid, COMMANDS[component]);
  if (now === 'running' && (works === undefined || (await works(pid)))) {
    log(`${label} already running (pid ${pid})`);
    return true;
  }
  if (now !== 'running') log(`${label} (pid ${pid}) ${gone(now)}: starting it again`);
  delete state[component];
  writeState(state);
  return false;
}

function gone(state: ProcessState): string {
  if (state === 'zombie') return 'has exited (a zombie, not reaped)';
  if (state === 'exited') return 'has exited';
  return 'is gone (its pid belongs to another process now)';
}

/**
 * A worker must also poll: one alive but not polling its task queues (hung, or lost its connection) gets a moment in
 * case it is still starting, then is stopped, saying so.
 */
function workerPollsOrIsStopped(info: StackInfo, log: (line: string) => void) {
  return async (pid: number): Promise<boolean> => {
    const deadline = Date.now() + WORKER_START_GRACE_MS;
    while (Date.now() < deadline && processState(pid, COMMANDS.worker) === 'running') {
      if (await workerReady(info, pid).catch(() => false)) return true;
      await sleep(1_000);
    }
    log(`worker (pid ${pid}) is not polling task queue ${info.taskQueue}: restarting it`);
    await stopProcess(pid, 5_000);
    return false;
  };
}

async function requireFreePort(port: number, envKey: string, what: string): Promise<void> {
  if (!(await isPortFree(port))) {
    throw new Error(`port ${port} for ${what} is already in use by another process: stop it or set ${envKey}`);
  }
}

async function temporalReady(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    await connection.workflowService.getSystemInfo({});
    return true;
  } finally {
    await connection.close();
  }
}

/** Environment for the worker: always the emulator and the local dev server, whatever the caller's shell says. */
function workerEnv(info: StackInfo): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('BOX_') && !key.startsWith('TEMPORAL_')),
  );
  return {
    ...env,
    TEMPORAL_ADDRESS: info.temporalAddress,
    TEMPORAL_NAMESPACE: info.namespace,
    BOX_SIGN_TASK_QUEUE: info.taskQueue,
    ...emulatorBoxEnv(info.emulatorUrl),
    [ENCRYPTION_ENV.keysFile]: info.encryptionKeysFile,
    [SEALING_ENV.privateKeysFile]: info.sealingPrivateKeysFile,
    // Callbacks: the clients' secrets, and the local receivers a developer runs are allowed targets.
    [API_ENV.keysFile]: info.apiKeysFile,
    [CALLBACK_ALLOW_HOSTS_VARIABLE]: '127.0.0.1,localhost',
    [SETTINGS.BOX_SIGN_ALLOWED_SENDERS.name]: STACK_SENDERS,
  };
}

/** The emulator's users may be named as senders on the local stack (worker, API, receiver). */
const STACK_SENDERS = EMULATOR_USERS.map((user) => user.id).join(',');

/**
 * Environment for the HTTP API: the worker's Temporal, payload keys and callback settings, plus its own port, and
 * the public sealing key instead of the private one: the API seals, only the worker opens.
 */
function apiEnv(info: StackInfo, port: number): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(workerEnv(info)).filter(([key]) => !key.startsWith('API_') && key !== SEALING_ENV.privateKeysFile),
  );
  const publicKey = readFileSync(info.sealingPublicKeyFile, 'utf8').trim();
  return { ...env, [SEALING_ENV.publicKey]: publicKey, [API_ENV.host]: HOST, [API_ENV.port]: String(port) };
}

async function apiHealthy(info: StackInfo): Promise<boolean> {
  const response = await fetch(`${info.apiUrl}${READINESS_PATH}`, { signal: AbortSignal.timeout(3000) });
  return response.ok;
}

/** The worker process `pid` polls both task queues, and its /readyz (Box credentials, Temporal) says ready. */
async function workerReady(info: StackInfo, pid: number): Promise<boolean> {
  if (!(await workerPolls(info.temporalAddress, info.namespace, info.taskQueue, pid))) return false;
  const response = await fetch(`${info.workerMetricsUrl}${READINESS_PATH}`, { signal: AbortSignal.timeout(3000) });
  return response.ok;
}

/** The worker's environment plus its metrics port, which only the worker reads. */
function workerProcessEnv(info: StackInfo): NodeJS.ProcessEnv {
  const port = new URL(info.workerMetricsUrl).port;
  return { ...workerEnv(info), [WORKER_METRICS_PORT]: port, METRICS_HOST: HOST };
}

/** Environment for the codec server: the stack's keys and token, CORS for the local Web UI only. */
function codecEnv(info: StackInfo, ports: { codec: number; ui: number }): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('BOX_') && !key.startsWith('CODEC_SERVER_')),
  );
  return {
    ...env,
    [ENCRYPTION_ENV.keysFile]: info.encryptionKeysFile,
    [CODEC_SERVER_ENV.host]: HOST,
    [CODEC_SERVER_ENV.port]: String(ports.codec),
    [CODEC_SERVER_ENV.authTokenFile]: info.codecTokenFile,
    [CODEC_SERVER_ENV.uiOrigins]: `http://localhost:${ports.ui},http://127.0.0.1:${ports.ui}`,
    [CODEC_SERVER_ENV.tokenInPath]: 'true',
  };
}

/** Environment for the webhook receiver: the local dev server, the stack's payload and webhook keys, the emulator. */
function receiverEnv(info: StackInfo, port: number): NodeJS.ProcessEnv {
  return {
    ...workerEnv(info),
    [WEBHOOK_RECEIVER_ENV.host]: HOST,
    [WEBHOOK_RECEIVER_ENV.port]: String(port),
    [WEBHOOK_RECEIVER_ENV.path]: WEBHOOK_RECEIVER_DEFAULTS.path,
    [WEBHOOK_RECEIVER_ENV.primaryKeyFile]: info.webhookKeyFiles.primary,
    [WEBHOOK_RECEIVER_ENV.secondaryKeyFile]: info.webhookKeyFiles.secondary,
  };
}

/** The folder the demo and the examples file their requests in; its webhook covers its subfolders too. */
export const STACK_WEBHOOK_FOLDER_ID = '987654321';

/**
 * Box delivers only what a webhook was registered for: the stack registers the folder webhook as an operator would
 * (the register CLI's code and default triggers). The emulator keeps webhooks in its state file; a second `up`
 * finds it registered.
 */
async function registerStackWebhook(info: StackInfo): Promise<void> {
  const box = createBoxSignClient(emulatorBoxConfig(info.emulatorUrl, 5_000));
  await registerLocalReceiver(box, STACK_WEBHOOK_FOLDER_ID);
}

async function receiverHealthy(info: StackInfo): Promise<boolean> {
  const response = await fetch(new URL(READINESS_PATH, info.webhookReceiverUrl), { signal: AbortSignal.timeout(1000) });
  return response.ok;
}

async function codecHealthy(info: StackInfo): Promise<boolean> {
  const response = await fetch(`${info.codecUrl}/health`, { signal: AbortSignal.timeout(1000) });
  return response.ok;
}

export async function stackUp(log: (line: string) => void = console.log): Promise<StackInfo> {
  const tightened = prepareStackDir(STACK_DIR);
  if (tightened.length > 0) log(`${STACK_DIR} was readable by others: now owner-only (${tightened.join(', ')})`);
  // Inherited by every process started below, so temporal.db, the logs and the emulator's state are owner-only too.
  const previousUmask = process.umask(STACK_UMASK);
  try {
    return await startStack(log);
  } finally {
    process.umask(previousUmask);
  }
}

async function startStack(log: (line: string) => void): Promise<StackInfo> {
  const state = readState();
  const info = stackInfo();
  const p = ports();
  ensureLocalSecrets(info);

  if (!(await alreadyRunning(state, 'temporal', 'temporal dev server', log))) {
    await requireFreePort(p.temporal, 'TEMPORAL_PORT', 'the Temporal dev server');
    await requireFreePort(p.ui, 'TEMPORAL_UI_PORT', 'the Temporal Web UI');
    const args = ['server', 'start-dev', '--ip', HOST, '--port', String(p.temporal), '--ui-port', String(p.ui)];
    args.push('--db-filename', join(STACK_DIR, 'temporal.db'), '--log-level', 'warn', ...devServerDynamicConfigArgs());
    // The UI serves its codec endpoint, token included, to whoever reaches it (GET /api/v1/settings), and the dev
    // server takes it on its command line only (it reads no codec variable or file): so the UI is loopback-only.
    args.push('--ui-ip', HOST, '--ui-codec-endpoint', uiCodecEndpoint(info));
    args.push(...devServerSearchAttributeArgs());
    state.temporal = { pid: spawnDetached(temporalCliPath(), args, join(STACK_DIR, 'temporal.log'), process.env) };
    writeState(state);
  }
  await waitFor(
    'the Temporal dev server',
    () => temporalReady(info.temporalAddress),
    60_000,
    watched(state, 'temporal'),
  );

  const quotas = await applyStackQuotas(info);

  if (!(await alreadyRunning(state, 'emulator', 'Box Sign emulator', log))) {
    await requireFreePort(p.emulator, 'EMULATOR_PORT', 'the Box Sign emulator');
    const env = {
      ...process.env,
      EMULATOR_HOST: HOST,
      EMULATOR_PORT: String(p.emulator),
      EMULATOR_STATE_FILE: join(STACK_DIR, 'emulator-state.json'),
      EMULATOR_WEBHOOK_ADDRESS: info.webhookReceiverUrl,
      EMULATOR_WEBHOOK_PRIMARY_KEY_FILE: info.webhookKeyFiles.primary,
      EMULATOR_WEBHOOK_SECONDARY_KEY_FILE: info.webhookKeyFiles.secondary,
    };
    const script = join(PROJECT_ROOT, 'lib', 'emulator', 'main.js');
    state.emulator = { pid: spawnDetached(process.execPath, [script], join(STACK_DIR, 'emulator.log'), env) };
    writeState(state);
  }
  const control = new EmulatorControl(info.emulatorUrl);
  await waitFor('the Box Sign emulator', () => control.health(), 30_000, watched(state, 'emulator'));
  await registerStackWebhook(info);

  if (!(await alreadyRunning(state, 'codec', 'codec server', log))) {
    await requireFreePort(p.codec, CODEC_SERVER_ENV.port, 'the codec server');
    const script = join(PROJECT_ROOT, 'lib', 'encryption', 'codec-server-main.js');
    state.codec = { pid: spawnDetached(process.execPath, [script], join(STACK_DIR, 'codec.log'), codecEnv(info, p)) };
    writeState(state);
  }
  await waitFor('the codec server', () => codecHealthy(info), 30_000, watched(state, 'codec'));

  if (!(await alreadyRunning(state, 'receiver', 'webhook receiver', log))) {
    await requireFreePort(p.receiver, WEBHOOK_RECEIVER_ENV.port, 'the webhook receiver');
    const script = join(PROJECT_ROOT, 'lib', 'webhooks', 'main.js');
    const env = receiverEnv(info, p.receiver);
    state.receiver = { pid: spawnDetached(process.execPath, [script], join(STACK_DIR, 'receiver.log'), env) };
    writeState(state);
  }
  await waitFor('the webhook receiver', () => receiverHealthy(info), 30_000, watched(state, 'receiver'));

  if (!(await alreadyRunning(state, 'worker', 'worker', log, workerPollsOrIsStopped(info, log)))) {
    await requireFreePort(p.workerMetrics, WORKER_METRICS_PORT, "the worker's metrics");
    const script = join(PROJECT_ROOT, 'lib', 'worker', 'main.js');
    const env = workerProcessEnv(info);
    state.worker = { pid: spawnDetached(process.execPath, [script], join(STACK_DIR, 'worker.log'), env) };
    writeState(state);
  }
  const workerPid = state.worker?.pid ?? -1;
  await waitFor('the worker', () => workerReady(info, workerPid), 60_000, watched(state, 'worker'));

  if (!(await alreadyRunning(state, 'api', 'HTTP API', log))) {
    await requireFreePort(p.api, API_ENV.port, 'the HTTP API');
    const script = join(PROJECT_ROOT, 'lib', 'api', 'main.js');
    state.api = { pid: spawnDetached(process.execPath, [script], join(STACK_DIR, 'api.log'), apiEnv(info, p.api)) };
    writeState(state);
  }
  await waitFor('the HTTP API', () => apiHealthy(info), 30_000, watched(state, 'api'));

  log(`Temporal gRPC     ${info.temporalAddress} (namespace ${info.namespace})`);
  log(`Temporal Web UI   ${info.uiUrl}`);
  log(
    `Box emulator      ${info.emulatorUrl}  (Box API ${info.emulatorUrl}/2.0, control ${info.emulatorUrl}/_emulator)`,
  );
  log(`Codec server      ${info.codecUrl}  (bearer token in ${info.codecTokenFile})`);
  log(
    `Webhook receiver  ${info.webhookReceiverUrl}  (the emulator delivers here what its webhook on folder ` +
      `${STACK_WEBHOOK_FOLDER_ID} fires)`,
  );
  log(`Worker            task queue ${info.taskQueue}, pid ${state.worker?.pid}`);
  log(`                  per-sender quotas ${quotas} (box-sign quotas show)`);
  log(`                  allowed senders ${STACK_SENDERS} (the emulator's users; the CLI needs them in`);
  log(`                  BOX_SIGN_ALLOWED_SENDERS to name one)`);
  log(`                  metrics ${info.workerMetricsUrl}/metrics, probes /healthz and /readyz`);
  log(`HTTP API          ${info.apiUrl}  (OpenAPI ${info.apiUrl}/openapi.json, docs ${info.apiUrl}/docs)`);
  log(`                  key in ${info.apiKeyFile}, e.g.:`);
  log(`                  curl -H "Authorization: Bearer $(cat ${info.apiKeyFile})" ${info.apiUrl}/v1/sign-requests`);
  log(`Logs and state    ${STACK_DIR}`);
  return info;
}

/**
 * The per-sender quotas on the stack's task queues, from the worker's own settings, before the worker starts (it warns
 * when they are missing): what `box-sign quotas apply` does for a production namespace.
 */
async function applyStackQuotas(info: StackInfo): Promise<string> {
  const reader = new SettingsReader(workerEnv(info), 'worker');
  const rates = reader.finish('worker rate settings', () => readSenderRateLimits(reader));
  const connection = await Connection.connect({ address: info.temporalAddress });
  try {
    const scope = { namespace: info.namespace, taskQueue: info.taskQueue };
    const applied = await applySenderQuotas(connection.workflowService, scope, rates, 'stack:up');
    return applied.map((q) => `${perMinute(q.perSenderPerSecond ?? 0)}/min on ${q.taskQueue}`).join(', ');
  } finally {
    await connection.close();
  }
}

export async function stackDown(log: (line: string) => void = console.log): Promise<void> {
  const state = readState();
  for (const component of ['api', 'worker', 'receiver', 'codec', 'emulator', 'temporal'] as const) {
    const pid = state[component]?.pid;
    if (pid !== undefined && running(state, component)) {
      await stopProcess(pid);
      log(`stopped ${component} (pid ${pid})`);
    }
    delete state[component];
  }
  if (existsSync(STACK_DIR)) writeState(state);
}

function watched(state: StackState, component: Component) {
  const pid = state[component]?.pid;
  return pid === undefined ? undefined : { pid, logFile: join(STACK_DIR, `${component}.log`) };
}

function status(log: (line: string) => void = console.log): void {
  const state = readState();
  for (const component of ['temporal', 'emulator', 'codec', 'receiver', 'worker', 'api'] as const) {
    const pid = state[component]?.pid;
    log(`${component.padEnd(9)} ${running(state, component) ? `running (pid ${pid})` : 'stopped'}`);
  }
}

if (require.main === module) {
  const program = strictProgram('stack').description('The local stack: Temporal dev server, emulator, worker, API…');
  let command = 'status';
  let run: () => Promise<unknown> = () => Promise.resolve(status());
  const choose = (name: string, action: () => Promise<unknown>) => () => {
    command = name;
    run = action;
  };
  program
    .command('up')
    .description('start what is not running (idempotent)')
    .action(choose('up', () => stackUp()));
  program
    .command('down')
    .description('stop what up started')
    .action(choose('down', () => stackDown()));
  program.command('status').description('which parts run').action(choose('status', run));
  const argv = process.argv.slice(2);
  const exitCode = parseArguments(program, argv.length === 0 ? ['status'] : argv);
  if (exitCode !== undefined) process.exitCode = exitCode;
  else {
    run().catch((err: unknown) => {
      console.error(`stack ${command}: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    });
  }
}
