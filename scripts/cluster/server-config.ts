import { boxWritesTaskQueue } from '../../contracts';
import { FAIRNESS_DYNAMIC_CONFIG } from '../temporal-dynamic-config';
import type { ClusterPorts, TemporalService } from './layout';
import { HOST, TEMPORAL_SERVICES, frontendAddress } from './layout';

/**
 * The Temporal server's configuration files, written as JSON (which is YAML: the server reads them with a YAML
 * parser). One file per service, identical but for its Prometheus port (the metrics listener is global to a process).
 */

/** Several shards, so that history is really partitioned; fixed for the life of the database (it cannot change). */
export const NUM_HISTORY_SHARDS = 4;

export interface DatabaseAccess {
  port: number;
  user: string;
  password: string;
}

export const DATABASES = { main: 'temporal', visibility: 'temporal_visibility' } as const;

export function serverConfig(
  service: TemporalService,
  ports: ClusterPorts,
  db: DatabaseAccess,
  dynamicConfigFile: string,
): object {
  const datastore = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${HOST}:${db.port}`,
      connectProtocol: 'tcp',
      user: db.user,
      password: db.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const services = Object.fromEntries(
    TEMPORAL_SERVICES.map((name) => {
      const p = ports.services[name];
      const rpc = { grpcPort: p.grpc, membershipPort: p.membership, bindOnLocalHost: true };
      return [name, { rpc: name === 'frontend' ? { ...rpc, httpPort: ports.frontendHttp } : rpc }];
    }),
  );
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: NUM_HISTORY_SHARDS,
      datastores: {
        'postgres-default': datastore(DATABASES.main, 20),
        'postgres-visibility': datastore(DATABASES.visibility, 4),
      },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: HOST },
      metrics: {
        prometheus: {
          framework: 'tally',
          timerType: 'histogram',
          listenAddress: `${HOST}:${ports.services[service].metrics}`,
        },
      },
    },
    services,
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: frontendAddress(ports) },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: dynamicConfigFile, pollInterval: '10s' },
  };
}

type DynamicValue = { value: unknown; constraints?: Record<string, string> }[];

/**
 * The fairness settings of docs/operations.md ("Self-hosted cluster"): the new matcher and fairness everywhere, one
 * partition only for the activity tasks of the two Box queues (a steady per-sender rate, ordering across the queue);
 * every other queue, the workflow tasks of the same names included, keeps the server's default partitions.
 */
export function dynamicConfig(namespace: string, taskQueue: string): Record<string, DynamicValue> {
  const onePartition = [taskQueue, boxWritesTaskQueue(taskQueue)].map((taskQueueName) => ({
    value: 1,
    constraints: { namespace, taskQueueName, taskType: 'Activity' },
  }));
  const partitionKeys = ['matching.numTaskqueueReadPartitions', 'matching.numTaskqueueWritePartitions'];
  const global = Object.entries(FAIRNESS_DYNAMIC_CONFIG).filter(([key]) => !partitionKeys.includes(key));
  return {
    ...Object.fromEntries(global.map(([key, value]) => [key, [{ value: value === 'true' }]])),
    ...Object.fromEntries(partitionKeys.map((key) => [key, onePartition])),
    // A search attribute `up` registers is usable at once (the cache refreshes on read), as on the dev server;
    // without it a start naming it fails for up to a minute after the registration.
    'system.forceSearchAttributesCacheRefreshOnRead': [{ value: true }],
  };
}

/** The command line of one service, as Temporal's docs run a multi-process cluster. */
export function serviceArgs(service: TemporalService, configFile: string): string[] {
  return ['--config-file', configFile, '--allow-no-auth', 'start', '--service', service];
}
