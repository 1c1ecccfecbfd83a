import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { makeWorkerCurrent } from '../worker-current';
import { PROJECT_ROOT } from '../tools';
import { EMULATOR_MAIN, emulatorEnv, emulatorHealthy, registerStackWebhook } from '../stack/emulator';
import { apiEnv, codecEnv, receiverEnv, workerEnv, workerProcessEnv } from '../stack/environments';
import { apiHealthy, codecHealthy, receiverHealthy, workerReady } from '../stack/health';
import type { StackInfo } from '../stack/info';
import { ensureLocalSecrets } from '../stack/keys';
import { WORKER_METRICS_PORT } from '../stack/ports';
import { launch, nodeScript } from './launch';
import type { ClusterPorts } from './layout';
import { CLUSTER_DIR, HOST } from './layout';
import { receiverUrl, uiPort } from './info';
import type { ClusterState } from './state';

/**
 * The product as it runs in production, on the cluster: the search attributes and the quotas applied with the
 * project's own commands (`box-sign search-attributes apply`, `box-sign quotas apply`), then the Box Sign emulator
 * (Box's rate limits on), the codec server, two webhook receivers and two API processes behind a round-robin
 * balancer each, and two worker processes.
 */
export async function startProduct(
  state: ClusterState,
  info: StackInfo,
  ports: ClusterPorts,
  log: (line: string) => void,
): Promise<void> {
  ensureLocalSecrets(info);
  const cliEnv = workerEnv(info);
  log(boxSign(['search-attributes', 'apply'], cliEnv).trim());
  log(boxSign(['quotas', 'apply'], cliEnv).trim());

  const emulator = {
    command: process.execPath,
    args: [resolve(PROJECT_ROOT, EMULATOR_MAIN)],
    marker: EMULATOR_MAIN,
  };
  const emulatorState = join(CLUSTER_DIR, 'emulator-state.json');
  await launch(
    state,
    {
      name: 'emulator',
      ...emulator,
      env: { ...emulatorEnv(info, ports.emulator, emulatorState), EMULATOR_RATE_LIMITS: 'on' },
      ready: () => emulatorHealthy(info),
    },
    log,
  );
  await registerStackWebhook(info);

  await launch(
    state,
    {
      name: 'codec',
      ...nodeScript(join('lib', 'encryption', 'codec-server-main.js')),
      env: codecEnv(info, { codec: ports.codec, ui: uiPort(ports) }),
      ready: () => codecHealthy(info),
    },
    log,
  );

  const routes = [
    `${ports.receiverBalancer}=${ports.receivers.join(',')}`,
    `${ports.apiBalancer}=${ports.apis.join(',')}`,
  ];
  await launch(
    state,
    {
      name: 'balancer',
      ...nodeScript(join('lib', 'scripts', 'cluster', 'balancer.js'), routes),
      env: process.env,
      ready: () => Promise.resolve(true),
    },
    log,
  );

  for (const [i, port] of ports.receivers.entries()) {
    await launch(
      state,
      {
        name: `receiver-${i + 1}`,
        ...nodeScript(join('lib', 'webhooks', 'main.js')),
        env: receiverEnv(info, port),
        ready: () => receiverHealthy({ ...info, webhookReceiverUrl: receiverUrl(port) }),
      },
      log,
    );
  }

  for (const [i, port] of ports.workerMetrics.entries()) {
    const name = `worker-${i + 1}`;
    const workerInfo = { ...info, workerMetricsUrl: `http://${HOST}:${port}` };
    await launch(
      state,
      {
        name,
        ...nodeScript(join('lib', 'worker', 'main.js')),
        env: { ...workerProcessEnv(info), [WORKER_METRICS_PORT]: String(port) },
        ready: () => workerReady(workerInfo, state[name]?.pid ?? -1),
        readyWithinMs: 90_000,
      },
      log,
    );
  }
  // The deploy step (`box-sign deployment set-current`), once both workers poll as the same build.
  const version = await makeWorkerCurrent(
    info.temporalAddress,
    info.namespace,
    info.taskQueue,
    state['worker-1']?.pid ?? -1,
    'cluster:up',
  );
  if (version) log(`worker version ${version.deploymentName}/${version.buildId} is current`);

  for (const [i, port] of ports.apis.entries()) {
    await launch(
      state,
      {
        name: `api-${i + 1}`,
        ...nodeScript(join('lib', 'api', 'main.js')),
        env: apiEnv(info, port),
        ready: () => apiHealthy({ ...info, apiUrl: `http://${HOST}:${port}` }),
      },
      log,
    );
  }
}

/** The project's CLI, as an operator runs it against the cluster. */
function boxSign(args: string[], env: NodeJS.ProcessEnv): string {
  return execFileSync(process.execPath, [resolve(PROJECT_ROOT, 'lib', 'client', 'cli.js'), ...args], {
    env,
    encoding: 'utf8',
  });
}
