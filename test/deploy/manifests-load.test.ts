import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { loadApiConfig } from '../../api/config';
import { sha256Hex } from '../../config/api-clients';
import type { ProcessName } from '../../config/setting';
import { loadCodecServerConfig } from '../../encryption/codec-server-config';
import { generateSealingKeyPairText } from '../../encryption/sealing-keys';
import { loadWebhookReceiverConfig } from '../../webhooks/config';
import { loadWorkerConfig } from '../../worker/config';
import type { Workload } from './manifest-model';
import { environment, workloads } from './manifest-model';

/**
 * Each container's environment, as the manifests give it, read by the process's own config loader: what a pod
 * would get at start-up, with the Secrets' contents made up here (the manifests only name them).
 */

const sealing = generateSealingKeyPairText('k1');
const PLACEHOLDERS: Record<string, string> = {
  BOX_SIGN_SEALING_PUBLIC_KEY: sealing.publicEntry,
  BOX_SUBJECT_ID: '1234567',
};
/** Made-up contents of each Secret the manifests reference, by Secret name and key. */
const SECRETS: Record<string, Record<string, string>> = {
  'box-sign-box-credentials': { 'client-id': 'made-up-client-id', 'client-secret': 'made-up-client-secret' },
  'box-sign-payload-keys': { keys: `k1:${Buffer.alloc(32, 3).toString('base64')}` },
  'box-sign-sealing-private-keys': { keys: sealing.privateEntry },
  'box-sign-webhook-keys': { primary: 'made-up-primary-key', secondary: 'made-up-secondary-key' },
  'box-sign-codec-server-token': { token: 'made-up-codec-server-token-0123456789' },
  'box-sign-api-clients': {
    'clients.json': JSON.stringify({
      clients: [
        {
          name: 'made-up',
          keySha256: sha256Hex('key'),
          callbackSecret: `whsec_${Buffer.alloc(32).toString('base64')}`,
        },
      ],
    }),
  },
};

const LOADERS: Partial<Record<ProcessName, (env: NodeJS.ProcessEnv) => object>> = {
  worker: loadWorkerConfig,
  api: loadApiConfig,
  'webhook-receiver': loadWebhookReceiverConfig,
  'codec-server': loadCodecServerConfig,
};

/** The pod's environment: references resolved, mounted Secret files written under `root`. */
function podEnvironment({ container, template }: Workload, root: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of environment(container)) env[name] = PLACEHOLDERS[name] ?? value;
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef;
    if (ref !== undefined) env[variable.name] = secretValue(ref.name, ref.key);
  }
  for (const [name, value] of Object.entries(env)) {
    if (!name.endsWith('_FILE') || value === undefined) continue;
    const mount = container.volumeMounts?.find((m) => value.startsWith(`${m.mountPath}/`));
    const secretName = template.spec.volumes?.find((v) => v.name === mount?.name)?.secret?.secretName;
    if (mount === undefined || secretName === undefined)
      throw new Error(`${name}: ${value} is not in a mounted Secret`);
    const file = join(root, value);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, secretValue(secretName, relative(mount.mountPath, value)));
    env[name] = file;
  }
  return env;
}

function secretValue(secretName: string, key: string): string {
  const value = SECRETS[secretName]?.[key];
  if (value === undefined) throw new Error(`the test makes up no ${secretName}/${key}`);
  return value;
}

describe("the manifests' environments, read by each process's config loader", () => {
  it.each(workloads.map((w) => [w.process, w] as const))('%s starts with its manifest', (process, workload) => {
    const load = LOADERS[process]!;
    const config = load(podEnvironment(workload, mkdtempSync(join(tmpdir(), 'box-sign-pod-'))));
    const { port, metrics } = config as { port?: number; metrics?: { port: number | null } };
    // The worker listens on its metrics port (probes and /metrics); the others on their own port.
    expect(port ?? metrics?.port).toBe(workload.container.ports?.[0]?.containerPort);
  });
});
