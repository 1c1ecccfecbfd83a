import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseRoutes, tryOrder } from '../../scripts/cluster/balancer';
import { MAX_MEMBERSHIP_PORT, TEMPORAL_SERVICES, clusterPorts } from '../../scripts/cluster/layout';
import { sqlToolArgs } from '../../scripts/cluster/schema';
import { NUM_HISTORY_SHARDS, dynamicConfig, serverConfig, serviceArgs } from '../../scripts/cluster/server-config';

const db = { port: 33_432, user: 'temporal', password: 'not-on-a-command-line' };

/** The yaml block of docs/operations.md's "Self-hosted cluster", with a namespace filled in. */
function documentedDynamicConfig(namespace: string): unknown {
  const operations = readFileSync(join(__dirname, '..', '..', 'docs', 'operations.md'), 'utf8');
  const section = operations.slice(operations.indexOf('**Self-hosted cluster**'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const indent = /^( *)/.exec(block)?.[1]?.length ?? 0;
  const text = block
    .split('\n')
    .map((line) => line.slice(indent))
    .join('\n');
  return parse(text.replace(/<ns>/g, namespace));
}

describe('the local cluster’s configuration', () => {
  const ports = clusterPorts({});

  it('gives the server the dynamic config the docs prescribe for a self-hosted cluster', () => {
    const { 'system.forceSearchAttributesCacheRefreshOnRead': refresh, ...fairness } = dynamicConfig(
      'default',
      'box-sign',
    );
    expect(fairness).toEqual(documentedDynamicConfig('default'));
    expect(refresh).toEqual([{ value: true }]);
  });

  it('writes one config per service that differs only in its metrics port', () => {
    const configs = TEMPORAL_SERVICES.map((s) => serverConfig(s, ports, db, '/dc.yaml') as Record<string, unknown>);
    const metrics = configs.map((c) => JSON.stringify((c.global as { metrics: unknown }).metrics));
    expect(new Set(metrics).size).toBe(TEMPORAL_SERVICES.length);
    const withoutGlobal = configs.map(({ global: _global, ...rest }) => JSON.stringify(rest));
    expect(new Set(withoutGlobal).size).toBe(1);
    const persistence = configs[0]?.persistence as { numHistoryShards: number };
    expect(persistence.numHistoryShards).toBe(NUM_HISTORY_SHARDS);
    expect(NUM_HISTORY_SHARDS).toBeGreaterThan(1);
  });

  it('keeps every port of the Temporal services and PostgreSQL apart from the product’s', () => {
    const all = [
      ports.postgres,
      ports.frontendHttp,
      ...TEMPORAL_SERVICES.flatMap((s) => [
        ports.services[s].grpc,
        ports.services[s].membership,
        ports.services[s].metrics,
      ]),
      ports.emulator,
      ports.codec,
      ports.receiverBalancer,
      ports.apiBalancer,
      ...ports.receivers,
      ...ports.apis,
      ...ports.workerMetrics,
    ];
    expect(new Set(all).size).toBe(all.length);
    for (const s of TEMPORAL_SERVICES) expect(ports.services[s].membership).toBeLessThanOrEqual(MAX_MEMBERSHIP_PORT);
  });

  it('runs each service as its own process and keeps the database password off command lines', () => {
    expect(serviceArgs('matching', '/m.yaml')).toEqual([
      '--config-file',
      '/m.yaml',
      '--allow-no-auth',
      'start',
      '--service',
      'matching',
    ]);
    expect(sqlToolArgs(db, 'temporal', ['setup-schema', '-v', '0.0']).join(' ')).not.toContain(db.password);
  });
});

describe('the balancer in front of the two APIs and the two receivers', () => {
  it('takes the backends in turn and falls back to the others', () => {
    expect([0, 1, 2].map((n) => tryOrder([1, 2], n))).toEqual([
      [1, 2],
      [2, 1],
      [1, 2],
    ]);
  });

  it('refuses a route it cannot read', () => {
    expect(parseRoutes(['80=81,82'])).toEqual([{ listen: 80, backends: [81, 82] }]);
    expect(() => parseRoutes(['80='])).toThrow('is not <listen-port>=<port>,<port>');
  });
});
