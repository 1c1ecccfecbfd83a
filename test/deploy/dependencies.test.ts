import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../scripts/tools';
import { KNOWN_ADVISORIES } from './known-advisories';

/**
 * What the lockfile installs: no copy of a package below the release that fixed a known advisory, and OpenTelemetry
 * on its current major (2.x SDK, the matching 0.2xx exporter) beside what @temporalio/interceptors-opentelemetry
 * itself brings (its own 1.x copies, nested under it; test/tracing proves the two work together).
 */

interface Lockfile {
  packages: Record<string, { version?: string; dev?: boolean; peerDependencies?: Record<string, string> }>;
}
const lock = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as Lockfile;
const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  scripts: Record<string, string>;
};

/** Every locked copy of a package: its path in node_modules and version. */
function copiesOf(name: string): { path: string; version: string; dev: boolean }[] {
  return Object.entries(lock.packages)
    .filter(([path]) => path === `node_modules/${name}` || path.endsWith(`/node_modules/${name}`))
    .map(([path, entry]) => ({ path, version: entry.version ?? '', dev: entry.dev === true }));
}

function compare(a: string, b: string): number {
  const parts = (v: string) => v.split('-')[0]!.split('.').map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

describe('dependencies', () => {
  it.each(KNOWN_ADVISORIES.map((a) => [a.package, a] as const))(
    'no locked copy of %s is below the release that fixed its known advisories',
    (name, advisory) => {
      const copies = copiesOf(name);
      expect(copies.length).toBeGreaterThan(0);
      expect(copies.filter((copy) => compare(copy.version, advisory.fixedIn) < 0)).toEqual([]);
    },
  );

  it('pin OpenTelemetry to its current major: the 2.x SDK, resources and core, the matching 0.2xx exporter', () => {
    const pinned = manifest.dependencies;
    for (const name of ['sdk-trace-base', 'sdk-trace-node', 'resources', 'core']) {
      expect([name, pinned[`@opentelemetry/${name}`]]).toEqual([name, expect.stringMatching(/^2\.\d+\.\d+$/)]);
    }
    expect(pinned['@opentelemetry/exporter-trace-otlp-http']).toMatch(/^0\.2\d\d\.\d+$/);
    // One SDK line for the product: only @temporalio/interceptors-opentelemetry keeps its own (nested) 1.x copies.
    const sdkCopies = copiesOf('@opentelemetry/sdk-trace-base').filter((c) => !c.dev);
    expect(sdkCopies.filter((c) => !c.version.startsWith('2.')).map((c) => c.path)).toEqual([
      'node_modules/@temporalio/interceptors-opentelemetry/node_modules/@opentelemetry/sdk-trace-base',
    ]);
  });

  it('has the advisory check for production dependencies as a script (docs/security.md#dependencies)', () => {
    expect(manifest.scripts['audit:production']).toBe('npm audit --omit=dev --audit-level=moderate');
  });
});
