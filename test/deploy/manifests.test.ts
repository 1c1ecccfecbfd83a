import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcessName } from '../../config/setting';
import { isSecret, variableNames } from '../../config/setting';
import { SETTINGS, settingsOf } from '../../config/settings';
import { PROJECT_ROOT, pinnedVersion } from '../../scripts/tools';
import type { Container } from './manifest-model';
import {
  HOST_SETTING,
  PORT_SETTING,
  SCRAPE_PORT_SETTING,
  ROUTE_SOURCES,
  SCRIPT_OF,
  effective,
  environment,
  manifestFiles,
  manifests,
  scripts,
  settingFor,
  workloads,
} from './manifest-model';
import { LIVENESS_PATH, READINESS_PATH } from '../../http/health';
import { WORKER_GLIBC_TUNABLES } from '../../worker/glibc-tunables';

/**
 * No container engine or cluster runs here, so the image and the manifests are checked against the code: the
 * commands are the package's scripts, every variable is a setting of the process the container runs, ports and
 * probe paths are the ones that process listens on and serves, and no secret value is written down.
 */

function servedPaths(process: ProcessName): string[] {
  const files = (ROUTE_SOURCES[process] ?? []).flatMap((entry) =>
    entry.endsWith('.ts')
      ? [entry]
      : readdirSync(join(PROJECT_ROOT, entry))
          .filter((file) => file.endsWith('.ts'))
          .map((file) => `${entry}/${file}`),
  );
  // app.get('/path', …) and app.route({ method: 'GET', url: '/path', … }); registerHealthRoutes: the probes.
  const registrations = /(?:\.(?:get|head)\(\s*|\burl:\s*)'(\/[^']*)'/g;
  return files.flatMap((file) => {
    const source = readFileSync(join(PROJECT_ROOT, file), 'utf8');
    const probes = source.includes('registerHealthRoutes(app') ? [LIVENESS_PATH, READINESS_PATH] : [];
    return [...[...source.matchAll(registrations)].map((match) => match[1] ?? ''), ...probes];
  });
}

function portNumber(container: Container, port: string | number): number | undefined {
  return typeof port === 'number' ? port : container.ports?.find((p) => p.name === port)?.containerPort;
}

describe('the Kubernetes manifests (deploy/kubernetes)', () => {
  it('parse, and the kustomization lists every file', () => {
    const kustomization = manifests.find((m) => m.kind === 'Kustomization');
    expect(kustomization?.resources?.slice().sort()).toEqual(
      manifestFiles.filter((file) => file !== 'kustomization.yaml').sort(),
    );
    expect(workloads.map((w) => w.process).sort()).toEqual(['api', 'codec-server', 'webhook-receiver', 'worker']);
  });

  it("run the one image with the package's scripts", () => {
    for (const { container, process } of workloads) {
      expect([container.name, container.image]).toEqual([container.name, 'box-sign-temporal']);
      expect(scripts[SCRIPT_OF[process]!]).toBe(['node', ...(container.args ?? [])].join(' '));
    }
  });

  it('set only settings of the process each container runs', () => {
    for (const { container, process } of workloads) {
      const known = new Set([...settingsOf(process).flatMap(variableNames)]);
      const unknown = [...environment(container).keys()].filter((name) => !known.has(name));
      expect([process, unknown]).toEqual([process, []]);
    }
  });

  it('give the API only the public sealing key, the worker the private ones', () => {
    const names = (process: ProcessName) => [
      ...environment(workloads.find((w) => w.process === process)!.container).keys(),
    ];
    expect(names('api')).toContain(SETTINGS.BOX_SIGN_SEALING_PUBLIC_KEY.name);
    expect(names('worker')).toContain('BOX_SIGN_SEALING_PRIVATE_KEYS_FILE');
    for (const process of ['api', 'webhook-receiver', 'codec-server'] as const) {
      expect(names(process).filter((name) => name.startsWith('BOX_SIGN_SEALING_PRIVATE_KEYS'))).toEqual([]);
    }
  });

  it('write down no secret: secrets come from Secrets by reference or as mounted files', () => {
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
    for (const { container } of workloads) {
      for (const variable of container.env ?? []) {
        const setting = settingFor(variable.name);
        const isFileVariable = variable.name.endsWith('_FILE');
        if (setting !== undefined && isSecret(setting) && !isFileVariable) {
          expect([variable.name, variable.value, variable.valueFrom?.secretKeyRef?.name]).toEqual([
            variable.name,
            undefined,
            expect.any(String),
          ]);
        }
      }
    }
    for (const map of manifests.filter((m) => m.kind === 'ConfigMap')) {
      const secretKeys = Object.keys(map.data ?? {}).filter((key) => {
        const setting = settingFor(key);
        return setting !== undefined && isSecret(setting);
      });
      expect([map.metadata.name, secretKeys]).toEqual([map.metadata.name, []]);
      for (const value of Object.values(map.data ?? {})) expect(value).not.toMatch(/whsec_|[A-Za-z0-9+/]{40,}/);
    }
  });

  it('reference only the Secrets docs/deployment.md tells the operator to create', () => {
    const guide = readFileSync(join(PROJECT_ROOT, 'docs', 'deployment.md'), 'utf8');
    const referenced = new Set<string>();
    for (const { container, template } of workloads) {
      for (const volume of template.spec.volumes ?? []) if (volume.secret) referenced.add(volume.secret.secretName);
      for (const variable of container.env ?? []) {
        if (variable.valueFrom?.secretKeyRef) referenced.add(variable.valueFrom.secretKeyRef.name);
      }
    }
    for (const ingress of manifests.filter((m) => m.kind === 'Ingress')) {
      for (const tls of (ingress.spec?.tls as { secretName: string }[] | undefined) ?? [])
        referenced.add(tls.secretName);
    }
    expect(referenced.size).toBeGreaterThan(5);
    expect([...referenced].filter((name) => !guide.includes(`\`${name}\``))).toEqual([]);
  });

  it('listen where the process listens: container port, probes and scrape port are its port setting', () => {
    for (const workload of workloads) {
      const { container, template, process } = workload;
      const port = Number(effective(workload, PORT_SETTING[process]!));
      const scrapeSetting = SCRAPE_PORT_SETTING[process];
      const scrapePort = scrapeSetting === undefined ? port : Number(effective(workload, scrapeSetting));
      const ports = scrapePort === port ? [port] : [port, scrapePort];
      expect([process, container.ports?.map((p) => p.containerPort)]).toEqual([process, ports]);
      for (const probe of [container.readinessProbe, container.livenessProbe]) {
        expect([process, portNumber(container, probe!.httpGet!.port)]).toEqual([process, port]);
      }
      const annotations = template.metadata.annotations ?? {};
      if (annotations['prometheus.io/scrape'] === 'true') {
        expect([process, Number(annotations['prometheus.io/port'])]).toEqual([process, scrapePort]);
      }
      const host = HOST_SETTING[process];
      if (host !== undefined) expect([host, effective(workload, host)]).toEqual([host, '0.0.0.0']);
    }
  });

  it('probe and scrape paths the process serves', () => {
    for (const { container, template, process } of workloads) {
      const served = new Set(servedPaths(process));
      const paths = [container.readinessProbe, container.livenessProbe].map((probe) => probe!.httpGet!.path);
      const scrape = template.metadata.annotations?.['prometheus.io/path'];
      if (scrape !== undefined) paths.push(scrape);
      expect([process, paths.filter((path) => !served.has(path))]).toEqual([process, []]);
    }
  });

  it('give the worker longer than its shutdown grace, a disruption budget and resources', () => {
    const worker = workloads.find((w) => w.process === 'worker')!;
    const graceMs = Number(effective(worker, SETTINGS.WORKER_SHUTDOWN_GRACE_MS.name));
    expect(worker.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(graceMs / 1000);
    const budget = manifests.find((m) => m.kind === 'PodDisruptionBudget');
    expect(budget?.spec?.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'box-sign-worker' } });
    expect(worker.template.metadata.labels['app.kubernetes.io/name']).toBe('box-sign-worker');
    for (const { container, template } of workloads) {
      expect(container.resources?.requests).toEqual(expect.objectContaining({ cpu: expect.any(String) }));
      expect(container.resources?.limits).toEqual(expect.objectContaining({ memory: expect.any(String) }));
      expect(template.spec.securityContext?.runAsNonRoot).toBe(true);
    }
  });

  it('give the worker the memory the bench measured for one worker holding open requests', () => {
    const performance = readFileSync(join(PROJECT_ROOT, 'docs', 'performance.md'), 'utf8');
    const runs = [...performance.matchAll(/^open_requests: .*\brss_mib=(\d+) holding_rss_mib=(\d+)/gm)];
    expect(runs.length).toBeGreaterThan(0);
    const peak = Math.max(...runs.map((run) => Number(run[1])));
    const holding = Math.max(...runs.map((run) => Number(run[2])));
    const resources = workloads.find((w) => w.process === 'worker')!.container.resources!;
    expect(mebibytes(resources.requests?.memory)).toBeGreaterThanOrEqual(holding);
    // Headroom over the measured peak: another quiet run peaked about a quarter higher.
    expect(mebibytes(resources.limits?.memory)).toBeGreaterThanOrEqual(Math.ceil(peak * 1.25));
  });

  it("route the receiver's HTTPS front door to its path and each Service to a named container port", () => {
    const receiver = workloads.find((w) => w.process === 'webhook-receiver')!;
    const ingress = manifests.find((m) => m.kind === 'Ingress');
    const rule = (ingress?.spec?.rules as { http: { paths: { path: string; backend: unknown }[] } }[])[0];
    expect(rule?.http.paths[0]?.path).toBe(effective(receiver, SETTINGS.WEBHOOK_RECEIVER_PATH.name));
    expect(ingress?.spec?.tls).toEqual([expect.objectContaining({ secretName: expect.any(String) })]);
    for (const service of manifests.filter((m) => m.kind === 'Service')) {
      const selector = service.spec?.selector as Record<string, string>;
      const target = workloads.find(
        (w) => w.template.metadata.labels['app.kubernetes.io/name'] === selector['app.kubernetes.io/name'],
      );
      const ports = service.spec?.ports as { targetPort: string }[];
      for (const port of ports) {
        expect([service.metadata.name, portNumber(target!.container, port.targetPort)]).toEqual([
          service.metadata.name,
          expect.any(Number),
        ]);
      }
    }
  });
});

interface Instruction {
  keyword: string;
  args: string;
}

function dockerfileStages(text: string): { from: string; name?: string; instructions: Instruction[] }[] {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: { from: string; name?: string; instructions: Instruction[] }[] = [];
  for (const line of lines) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const [image = '', as, name] = args.split(/\s+/);
      stages.push({ from: image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else {
      stages[stages.length - 1]?.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

describe('the container image (Dockerfile)', () => {
  const stages = dockerfileStages(readFileSync(join(PROJECT_ROOT, 'Dockerfile'), 'utf8'));
  const [build, runtime] = [stages[0]!, stages[stages.length - 1]!];
  const args = (stage: typeof build, keyword: string) =>
    stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

  it('builds lib/ in a first stage from a Node slim image pinned to the version npm test runs on', () => {
    expect(stages).toHaveLength(2);
    const tag = `node:${pinnedVersion('NODE_VERSION')}-bookworm-slim`;
    for (const stage of stages)
      expect(stage.from).toMatch(new RegExp(`^${tag.replace(/\./g, '\\.')}(@sha256:[0-9a-f]{64})?$`));
    expect(args(build, 'RUN')).toEqual(
      expect.arrayContaining(['npm ci', expect.stringMatching(/^npm run build( |$)/)]),
    );
  });

  it('runs with production dependencies only, as a non-root user, stopping on SIGTERM', () => {
    expect(args(runtime, 'RUN').some((run) => run.startsWith('npm ci --omit=dev'))).toBe(true);
    expect(args(runtime, 'COPY')).toContain(`--from=${build.name} /app/lib ./lib`);
    const users = args(runtime, 'USER');
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^(root|0)(:|$)/);
    expect(args(runtime, 'STOPSIGNAL')).toEqual(['SIGTERM']);
  });

  it("sets glibc's malloc tunables the bench measured the worker with", () => {
    expect(args(runtime, 'ENV')).toContain(`GLIBC_TUNABLES=${WORKER_GLIBC_TUNABLES}`);
  });

  it("starts a package script: node <file>, the worker's by default", () => {
    expect(JSON.parse(args(runtime, 'ENTRYPOINT')[0]!)).toEqual(['node']);
    const command = ['node', ...(JSON.parse(args(runtime, 'CMD')[0]!) as string[])].join(' ');
    expect(command).toBe(scripts.worker);
    for (const script of Object.values(SCRIPT_OF)) expect(scripts[script]).toMatch(/^node lib\/\S+\.js$/);
  });

  it('leaves the checkout, its tools and build output out of the build context', () => {
    const ignored = readFileSync(join(PROJECT_ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.git', 'node_modules', 'lib', '.tools', '.stack', 'coverage']));
  });
});

/** A Kubernetes memory quantity in MiB (Mi and Gi, the units the manifests use). */
function mebibytes(quantity: string | undefined): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity ?? '');
  if (!match) throw new Error(`unexpected memory quantity ${quantity}`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}
