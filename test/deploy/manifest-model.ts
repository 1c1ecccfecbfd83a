import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ProcessName, Setting } from '../../config/setting';
import { variableNames } from '../../config/setting';
import { ALL_SETTINGS, SETTINGS } from '../../config/settings';
import { PROJECT_ROOT } from '../../scripts/tools';

/** deploy/kubernetes parsed, and what the tests need to know about it: which process each container runs, its env. */

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } };
}
export interface Probe {
  httpGet?: { path: string; port: string | number };
}
export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name?: string; containerPort: number }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts?: { name: string; mountPath: string }[];
}
export interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    containers: Container[];
    terminationGracePeriodSeconds?: number;
    volumes?: { name: string; secret?: { secretName: string } }[];
    securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  };
}
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: Record<string, unknown> & { template?: PodTemplate; selector?: unknown };
  resources?: string[];
}

export const KUBERNETES = join(PROJECT_ROOT, 'deploy', 'kubernetes');
export const manifestFiles = readdirSync(KUBERNETES).filter((file) => file.endsWith('.yaml'));
export const manifests: Manifest[] = manifestFiles.flatMap((file) =>
  parseAllDocuments(readFileSync(join(KUBERNETES, file), 'utf8')).map((document) => {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors.map((e) => e.message).join('; ')}`);
    return document.toJS() as Manifest;
  }),
);
export const scripts = (
  JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

/** The package script each process is started by; the image runs `node <its file>`. */
export const SCRIPT_OF: Partial<Record<ProcessName, string>> = {
  worker: 'worker',
  api: 'api',
  'webhook-receiver': 'webhook-receiver',
  'codec-server': 'codec-server',
};
/** The setting that decides where each process listens (the worker: its metrics and health port). */
export const PORT_SETTING: Partial<Record<ProcessName, string>> = {
  worker: 'METRICS_PORT',
  api: SETTINGS.API_PORT.name,
  'webhook-receiver': SETTINGS.WEBHOOK_RECEIVER_PORT.name,
  'codec-server': SETTINGS.CODEC_SERVER_PORT.name,
};
/** Where Prometheus scrapes when it is not the process's own port: the API keeps /metrics off its public port. */
export const SCRAPE_PORT_SETTING: Partial<Record<ProcessName, string>> = {
  api: SETTINGS.API_METRICS_PORT.name,
};
export const HOST_SETTING: Partial<Record<ProcessName, string>> = {
  api: SETTINGS.API_HOST.name,
  'webhook-receiver': SETTINGS.WEBHOOK_RECEIVER_HOST.name,
  'codec-server': SETTINGS.CODEC_SERVER_HOST.name,
};
/** Where each process registers its routes. */
export const ROUTE_SOURCES: Record<string, string[]> = {
  worker: ['worker', 'metrics/worker-metrics-server.ts'],
  api: ['api', 'http', 'metrics/prom-metrics.ts'],
  'webhook-receiver': ['webhooks/receiver.ts', 'http', 'metrics/prom-metrics.ts'],
  'codec-server': ['encryption/codec-server.ts', 'http', 'metrics/prom-metrics.ts'],
};

export function processOf(container: Container): ProcessName {
  const command = ['node', ...(container.command ?? []), ...(container.args ?? [])].join(' ');
  const script = Object.entries(scripts).find(([, text]) => text === command)?.[0];
  const process = (Object.keys(SCRIPT_OF) as ProcessName[]).find((name) => SCRIPT_OF[name] === script);
  if (process === undefined) throw new Error(`container ${container.name}: "${command}" is not a process's script`);
  return process;
}

export const workloads = manifests
  .filter((m) => m.kind === 'Deployment')
  .flatMap((m) => m.spec!.template!.spec.containers.map((container) => ({ deployment: m, container })))
  .map(({ deployment, container }) => ({
    deployment,
    template: deployment.spec!.template!,
    container,
    process: processOf(container),
  }));
export type Workload = (typeof workloads)[number];

export function configMap(name: string): Record<string, string> {
  const found = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === name);
  if (found === undefined) throw new Error(`no ConfigMap ${name}`);
  return found.data ?? {};
}

/** Every variable the container gets, from env and from its ConfigMaps; `undefined` when it is a reference. */
export function environment(container: Container): Map<string, string | undefined> {
  const env = new Map<string, string | undefined>();
  for (const source of container.envFrom ?? []) {
    if (source.secretRef) throw new Error(`${container.name}: envFrom a Secret hides which settings it sets`);
    for (const [key, value] of Object.entries(configMap(source.configMapRef!.name))) env.set(key, value);
  }
  for (const variable of container.env ?? []) env.set(variable.name, variable.value);
  return env;
}

export function settingFor(variable: string): Setting | undefined {
  return ALL_SETTINGS.find((setting) => variableNames(setting).includes(variable));
}

/** The value the process gets for a setting: the manifest's, or the definition's default. */
export function effective(workload: Workload, name: string): string | undefined {
  const value = environment(workload.container).get(name);
  if (value !== undefined) return value;
  const setting = settingFor(name);
  return setting && 'default' in setting && setting.default !== undefined ? String(setting.default) : undefined;
}
