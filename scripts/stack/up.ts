import { join, resolve } from 'node:path';
import { API_ENV } from '../../api/config';
import { CODEC_SERVER_ENV } from '../../encryption/codec-server-config';
import { WEBHOOK_RECEIVER_ENV } from '../../webhooks/config';
import { spawnDetached, waitFor } from '../processes';
import { STACK_UMASK, prepareStackDir } from '../stack-dir';
import { PROJECT_ROOT, temporalCliPath } from '../tools';
import { makeWorkerCurrent } from '../worker-current';
import { EMULATOR_MAIN, emulatorEnv, emulatorHealthy, registerStackWebhook, writeStackBoxEnv } from './emulator';
import { apiEnv, codecEnv, receiverEnv, workerProcessEnv } from './environments';
import {
  apiHealthy,
  codecHealthy,
  receiverHealthy,
  temporalReady,
  workerPollsOrIsStopped,
  workerReady,
} from './health';
import type { StackInfo } from './info';
import { STACK_DIR, stackInfo } from './info';
import { ensureLocalSecrets } from './keys';
import { WORKER_METRICS_PORT, ports, requireFreePort } from './ports';
import { printStack } from './print';
import { ensureStackNexusEndpoint } from './nexus';
import { applyStackQuotas } from './quotas';
import type { Component, StackState } from './state';
import { alreadyRunning, readState, watched, writeState } from './state';
import { temporalServerArgs } from './temporal';

/**
 * The local stack: the Temporal dev server (SQLite under .stack/, Web UI), the Box Sign emulator, the codec
 * server (so the local Web UI shows decrypted payloads), the webhook receiver (the emulator delivers Box's
 * webhooks to it, signed with keys generated under STACK_DIR), the worker and the HTTP API (one local API key,
 * generated under STACK_DIR), each in the background. `up` is idempotent; `down` stops exactly the processes `up`
 * recorded.
 */
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

/** One background process of the stack: how to tell it runs, which ports it needs, how to start it. */
interface Part {
  component: Component;
  /** How `up` names it when it is already running or gone. */
  label: string;
  /** How a wait or a taken port names it. */
  what: string;
  ports: { port: number; envKey: string; what: string }[];
  /** The command line and environment, worked out only when it must be started. */
  command: () => { command: string; args: string[]; env: NodeJS.ProcessEnv };
  ready: () => Promise<boolean>;
  readyWithinMs: number;
  /** Whether a recorded process that runs still does its job (else it is stopped and started again). */
  works?: (pid: number) => Promise<boolean>;
}

async function bringUp(state: StackState, log: (line: string) => void, part: Part): Promise<void> {
  if (!(await alreadyRunning(state, part.component, part.label, log, part.works))) {
    for (const { port, envKey, what } of part.ports) await requireFreePort(port, envKey, what);
    const { command, args, env } = part.command();
    const logFile = join(STACK_DIR, `${part.component}.log`);
    state[part.component] = { pid: spawnDetached(command, args, logFile, env) };
    writeState(state);
  }
  await waitFor(part.what, part.ready, part.readyWithinMs, watched(state, part.component));
}

/** A compiled entry point of this checkout, run by this Node. */
/** A node process of `script`: a path in the checkout, or an absolute one (the emulator package's entry point). */
function node(script: string, env: () => NodeJS.ProcessEnv) {
  return () => ({ command: process.execPath, args: [resolve(PROJECT_ROOT, script)], env: env() });
}

async function startStack(log: (line: string) => void): Promise<StackInfo> {
  const state = readState();
  const info = stackInfo();
  const p = ports();
  ensureLocalSecrets(info);

  await bringUp(state, log, {
    component: 'temporal',
    label: 'temporal dev server',
    what: 'the Temporal dev server',
    ports: [
      { port: p.temporal, envKey: 'TEMPORAL_PORT', what: 'the Temporal dev server' },
      { port: p.ui, envKey: 'TEMPORAL_UI_PORT', what: 'the Temporal Web UI' },
    ],
    command: () => ({ command: temporalCliPath(), args: temporalServerArgs(info, p), env: process.env }),
    ready: () => temporalReady(info.temporalAddress),
    readyWithinMs: 60_000,
  });

  const quotas = await applyStackQuotas(info);
  const nexus = await ensureStackNexusEndpoint(info);

  await bringUp(state, log, {
    component: 'emulator',
    label: 'Box Sign emulator',
    what: 'the Box Sign emulator',
    ports: [{ port: p.emulator, envKey: 'EMULATOR_PORT', what: 'the Box Sign emulator' }],
    command: node(EMULATOR_MAIN, () => emulatorEnv(info, p.emulator, join(STACK_DIR, 'emulator-state.json'))),
    ready: () => emulatorHealthy(info),
    readyWithinMs: 30_000,
  });
  await registerStackWebhook(info);
  writeStackBoxEnv(info);

  await bringUp(state, log, {
    component: 'codec',
    label: 'codec server',
    what: 'the codec server',
    ports: [{ port: p.codec, envKey: CODEC_SERVER_ENV.port, what: 'the codec server' }],
    command: node(join('lib', 'encryption', 'codec-server-main.js'), () => codecEnv(info, p)),
    ready: () => codecHealthy(info),
    readyWithinMs: 30_000,
  });

  await bringUp(state, log, {
    component: 'receiver',
    label: 'webhook receiver',
    what: 'the webhook receiver',
    ports: [{ port: p.receiver, envKey: WEBHOOK_RECEIVER_ENV.port, what: 'the webhook receiver' }],
    command: node(join('lib', 'webhooks', 'main.js'), () => receiverEnv(info, p.receiver)),
    ready: () => receiverHealthy(info),
    readyWithinMs: 30_000,
  });

  await bringUp(state, log, {
    component: 'worker',
    label: 'worker',
    what: 'the worker',
    ports: [{ port: p.workerMetrics, envKey: WORKER_METRICS_PORT, what: "the worker's metrics" }],
    command: node(join('lib', 'worker', 'main.js'), () => workerProcessEnv(info)),
    ready: () => workerReady(info, state.worker?.pid ?? -1),
    readyWithinMs: 60_000,
    works: workerPollsOrIsStopped(info, log),
  });
  // The deploy step (`box-sign deployment set-current`): the running worker's build gets the tasks.
  const version = await makeWorkerCurrent(
    info.temporalAddress,
    info.namespace,
    info.taskQueue,
    state.worker?.pid ?? -1,
    'stack:up',
  );
  if (version) {
    log(
      `worker version ${version.deploymentName}/${version.buildId} is current${version.changed ? '' : ' (unchanged)'}`,
    );
  }

  await bringUp(state, log, {
    component: 'api',
    label: 'HTTP API',
    what: 'the HTTP API',
    ports: [{ port: p.api, envKey: API_ENV.port, what: 'the HTTP API' }],
    command: node(join('lib', 'api', 'main.js'), () => apiEnv(info, p.api)),
    ready: () => apiHealthy(info),
    readyWithinMs: 30_000,
  });

  printStack(info, state.worker?.pid, { quotas, nexus }, log);
  return info;
}
