import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DOCUMENT_SETTINGS } from '../../config/settings/documents';
import { PROJECT_ROOT } from '../../scripts/tools';
import type { Flow, NetworkPolicy, Pod } from './network-policy-model';
import { allowed } from './network-policy-model';

/**
 * deploy/kubernetes rendered as `kubectl apply -k` renders it (kustomize's library) and checked by the Pod Security
 * admission library's "restricted" profile (scripts/manifest-policy, a Go program built once into .tools/), then
 * what that profile does not cover: a read-only root, no API token, 0400 secret files the process can read, and the
 * network flows each part needs and no others.
 */

interface Report {
  profile: string;
  resources: Resource[];
  workloads: { kind: string; name: string; allowed: boolean; violations: string[] }[];
}
interface Resource {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: { template?: { metadata: { labels: Record<string, string> }; spec: PodSpec } };
}
interface PodSpec {
  automountServiceAccountToken?: boolean;
  securityContext?: { runAsUser?: number; runAsGroup?: number; fsGroup?: number; seccompProfile?: { type: string } };
  containers: {
    name: string;
    securityContext?: {
      readOnlyRootFilesystem?: boolean;
      allowPrivilegeEscalation?: boolean;
      capabilities?: { drop?: string[] };
    };
    volumeMounts?: { name: string; mountPath: string }[];
  }[];
  volumes?: {
    name: string;
    secret?: { secretName: string; defaultMode?: number };
    emptyDir?: { sizeLimit?: string };
  }[];
}

const run = promisify(execFile);
const CHECK = join(PROJECT_ROOT, 'scripts', 'manifest-policy.sh');

async function policyCheck(directory: string): Promise<{ code: number; report: Report; stderr: string }> {
  try {
    const { stdout, stderr } = await run('bash', [CHECK, directory], { maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, report: JSON.parse(stdout) as Report, stderr };
  } catch (err) {
    const failed = err as { code?: number; stdout?: string; stderr?: string };
    if (failed.code !== 1) throw new Error(`manifest-policy failed (${failed.code}): ${failed.stderr}`);
    return { code: 1, report: JSON.parse(failed.stdout ?? '') as Report, stderr: failed.stderr ?? '' };
  }
}

const BYTES: Record<string, number> = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 };
const quantityBytes = (text: string) => Number(text.replace(/[KMG]i$/, '')) * (BYTES[text.slice(-2)] ?? 1);

describe('the Kubernetes manifests under a real policy tool (kustomize + Pod Security "restricted")', () => {
  let deploy: Report;
  let temporal: Report;
  // A cold build of the check (Go modules from the proxy) takes minutes; npm test's bootstrap builds it beforehand.
  beforeAll(async () => {
    const [rendered, temporalSide] = await Promise.all([
      policyCheck(join(PROJECT_ROOT, 'deploy', 'kubernetes')),
      policyCheck(join(PROJECT_ROOT, 'deploy', 'temporal')),
    ]);
    expect([rendered.code, rendered.report.workloads.filter((w) => !w.allowed)]).toEqual([0, []]);
    deploy = rendered.report;
    temporal = temporalSide.report;
  }, 600_000);

  const pods = () =>
    deploy.resources
      .filter((r) => r.kind === 'Deployment')
      .map((r) => ({ name: r.metadata.name, spec: r.spec!.template!.spec }));

  it('render, and every workload passes the restricted profile, which the namespace enforces', () => {
    expect(deploy.profile).toBe('restricted:latest');
    expect(deploy.workloads.map((w) => [w.name, w.allowed])).toEqual(
      [
        'box-sign-worker',
        'box-sign-set-current-version',
        'box-sign-webhook-receiver',
        'box-sign-api',
        'box-sign-codec-server',
      ].map((n) => [n, true]),
    );
    const namespace = deploy.resources.find((r) => r.kind === 'Namespace');
    expect(namespace?.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted' });
  });

  it('the check fails a pod that breaks the profile (a copy of the manifests without the seccomp profile)', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'box-sign-manifests-'));
    cpSync(join(PROJECT_ROOT, 'deploy', 'kubernetes'), copy, { recursive: true });
    const worker = join(copy, 'worker.yaml');
    writeFileSync(worker, readFileSync(worker, 'utf8').replace(/\n\s*seccompProfile: .*\n/, '\n'));
    const { code, report } = await policyCheck(copy);
    expect(code).toBe(1);
    const failing = report.workloads.filter((w) => !w.allowed);
    expect(failing.map((w) => w.name)).toEqual(['box-sign-worker']);
    expect(failing[0]?.violations.join()).toContain('seccompProfile');
  }, 60_000);

  it('run every container with a read-only root, no privilege escalation, no capabilities and no API token', () => {
    for (const { name, spec } of pods()) {
      expect([name, spec.automountServiceAccountToken]).toEqual([name, false]);
      expect([name, spec.securityContext?.seccompProfile?.type]).toEqual([name, 'RuntimeDefault']);
      for (const container of spec.containers) {
        expect([name, container.securityContext]).toEqual([
          name,
          { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        ]);
      }
    }
  });

  it('give every process a writable /tmp, and the API one that holds an upload of the largest document', () => {
    for (const { name, spec } of pods()) {
      for (const container of spec.containers) {
        const tmp = container.volumeMounts?.find((m) => m.mountPath === '/tmp');
        const volume = spec.volumes?.find((v) => v.name === tmp?.name);
        expect([name, volume?.emptyDir?.sizeLimit !== undefined]).toEqual([name, true]);
        if (name === 'box-sign-api') {
          expect(quantityBytes(volume!.emptyDir!.sizeLimit!)).toBeGreaterThanOrEqual(
            DOCUMENT_SETTINGS.DOCUMENT_MAX_BYTES.default,
          );
        }
      }
    }
  });

  it('mount secrets 0400, readable by the process through its group (fsGroup = runAsGroup)', () => {
    const secretVolumes = pods().flatMap(({ name, spec }) =>
      (spec.volumes ?? []).filter((v) => v.secret !== undefined).map((v) => ({ name, spec, volume: v })),
    );
    expect(secretVolumes.length).toBeGreaterThan(5);
    for (const { name, spec, volume } of secretVolumes) {
      expect([name, volume.name, volume.secret!.defaultMode]).toEqual([name, volume.name, 0o400]);
      // The kubelet makes the files group-owned by fsGroup with the group-read bit: the process's group reads them.
      expect([name, spec.securityContext?.fsGroup]).toEqual([name, spec.securityContext?.runAsGroup]);
    }
  });

  describe('network: default deny, then only the flows each part needs', () => {
    const policies = () =>
      [...deploy.resources, ...temporal.resources].filter(
        (r) => r.kind === 'NetworkPolicy',
      ) as unknown as NetworkPolicy[];
    const part = (name: string): Pod => ({
      namespace: 'box-sign',
      labels: { 'app.kubernetes.io/name': `box-sign-${name}`, 'app.kubernetes.io/part-of': 'box-sign' },
    });
    const worker = part('worker');
    const receiver = part('webhook-receiver');
    const api = part('api');
    const rolloutJob = part('set-current-version');
    const codec = part('codec-server');
    const codecProxy: Pod = { namespace: 'codec-proxy', labels: { 'app.kubernetes.io/name': 'box-sign-codec-proxy' } };
    const frontend: Pod = {
      namespace: 'temporal',
      labels: { 'app.kubernetes.io/name': 'temporal', 'app.kubernetes.io/component': 'frontend' },
    };
    const temporalHistory: Pod = {
      namespace: 'temporal',
      labels: { 'app.kubernetes.io/name': 'temporal', 'app.kubernetes.io/component': 'history' },
    };
    const dns: Pod = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
    const ingress: Pod = { namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' } };
    const prometheus: Pod = { namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } };
    const stranger: Pod = { namespace: 'other-team', labels: { app: 'anything' } };
    const box = { ip: '74.112.186.157' };
    const metadataService = { ip: '169.254.169.254' };
    const privateHost = { ip: '10.0.0.12' };
    const can = (flow: Flow) => allowed(policies(), flow);

    it('deny by default in the namespace, both ways', () => {
      const deny = policies().find((p) => p.metadata.name === 'box-sign-default-deny');
      expect(deny?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      expect(can({ from: stranger, to: api, port: 8790 })).toBe(false);
      expect(can({ from: api, to: stranger, port: 443 })).toBe(false);
    });

    it('the worker and the API reach Temporal, DNS and Box (TCP 443 to public addresses), nothing private', () => {
      for (const pod of [worker, api]) {
        expect(can({ from: pod, to: frontend, port: 7233 })).toBe(true);
        expect(can({ from: pod, to: dns, port: 53, protocol: 'UDP' })).toBe(true);
        expect(can({ from: pod, to: box, port: 443 })).toBe(true);
        expect(can({ from: pod, to: box, port: 80 })).toBe(false);
        expect(can({ from: pod, to: metadataService, port: 80 })).toBe(false);
        expect(can({ from: pod, to: privateHost, port: 443 })).toBe(false);
        expect(can({ from: pod, to: { ip: 'fd00::1' }, port: 443 })).toBe(false);
      }
    });

    it('the receiver reaches Temporal and DNS only: it holds no Box credentials', () => {
      expect(can({ from: receiver, to: frontend, port: 7233 })).toBe(true);
      expect(can({ from: receiver, to: dns, port: 53, protocol: 'UDP' })).toBe(true);
      expect(can({ from: receiver, to: box, port: 443 })).toBe(false);
    });

    it('the rollout Job reaches Temporal and DNS only, and nothing reaches it', () => {
      expect(can({ from: rolloutJob, to: frontend, port: 7233 })).toBe(true);
      expect(can({ from: rolloutJob, to: dns, port: 53, protocol: 'UDP' })).toBe(true);
      expect(can({ from: rolloutJob, to: box, port: 443 })).toBe(false);
      expect(can({ from: prometheus, to: rolloutJob, port: 9464 })).toBe(false);
    });

    it('only the ingress controller and Prometheus reach the receiver and the API; only Prometheus the worker', () => {
      expect(can({ from: ingress, to: receiver, port: 8789 })).toBe(true);
      expect(can({ from: ingress, to: api, port: 8790 })).toBe(true);
      expect(can({ from: prometheus, to: worker, port: 9464 })).toBe(true);
      expect(can({ from: stranger, to: receiver, port: 8789 })).toBe(false);
      expect(can({ from: ingress, to: worker, port: 9464 })).toBe(false);
      expect(can({ from: api, to: receiver, port: 8789 })).toBe(false);
    });

    it('the codec server is reached only from its proxy, and reaches nothing', () => {
      expect(can({ from: codecProxy, to: codec, port: 8888 })).toBe(true);
      const impostor = { ...stranger, labels: codecProxy.labels };
      for (const from of [api, worker, ingress, prometheus, stranger, impostor]) {
        expect(can({ from, to: codec, port: 8888 })).toBe(false);
      }
      expect(can({ from: codec, to: frontend, port: 7233 })).toBe(false);
      expect(can({ from: codec, to: dns, port: 53, protocol: 'UDP' })).toBe(false);
      expect(can({ from: codec, to: box, port: 443 })).toBe(false);
    });

    it("Temporal's port (deploy/temporal, applied in Temporal's namespace) only from these parts and Temporal", () => {
      expect(temporal.resources.every((r) => r.metadata.namespace === 'temporal')).toBe(true);
      for (const from of [worker, receiver, api, temporalHistory]) {
        expect(can({ from, to: frontend, port: 7233 })).toBe(true);
      }
      for (const from of [codec, stranger, { ...stranger, labels: worker.labels }]) {
        expect(can({ from, to: frontend, port: 7233 })).toBe(false);
      }
    });
  });
});
