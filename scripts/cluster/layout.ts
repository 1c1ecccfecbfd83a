import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../tools';

/**
 * Where the cluster lives on this machine: its folder (git-ignored: PostgreSQL's data, the server's config, keys,
 * logs, the pids `up` recorded) and its ports. PostgreSQL and the four Temporal services have fixed ports of their own
 * (CLUSTER_PG_PORT, CLUSTER_TEMPORAL_BASE_PORT, CLUSTER_MEMBERSHIP_BASE_PORT); the product's processes take the stack's variables, from their own
 * range (CLUSTER_STACK_BASE_PORT).
 */
export const CLUSTER_DIR = process.env.CLUSTER_DIR ? resolve(process.env.CLUSTER_DIR) : join(PROJECT_ROOT, '.cluster');

export const TEMPORAL_SERVICES = ['history', 'matching', 'frontend', 'worker'] as const;
export type TemporalService = (typeof TEMPORAL_SERVICES)[number];

/** One Temporal service's ports: gRPC, membership (ringpop), Prometheus metrics. */
export interface ServicePorts {
  grpc: number;
  membership: number;
  metrics: number;
}

/**
 * Temporal's PostgreSQL schema keeps each member's ringpop port in a SMALLINT (cluster_membership.rpc_port): a
 * membership port above 32767 stops the service at start ("value is out of range for type smallint").
 */
export const MAX_MEMBERSHIP_PORT = 32_767;

export interface ClusterPorts {
  postgres: number;
  services: Record<TemporalService, ServicePorts>;
  /** The frontend's HTTP API (Temporal's REST gateway). */
  frontendHttp: number;
  emulator: number;
  codec: number;
  /** The round-robin balancers in front of the two receivers and the two APIs, and the processes behind them. */
  receiverBalancer: number;
  receivers: [number, number];
  apiBalancer: number;
  apis: [number, number];
  workerMetrics: [number, number];
}

export function clusterPorts(env: NodeJS.ProcessEnv = process.env): ClusterPorts {
  const read = (key: string, fallback: number) => {
    const value = Number(env[key] ?? fallback);
    if (!Number.isInteger(value) || value <= 0 || value > 65_400) throw new Error(`${key} must be a port number`);
    return value;
  };
  const t = read('CLUSTER_TEMPORAL_BASE_PORT', 33_300);
  const m = read('CLUSTER_MEMBERSHIP_BASE_PORT', 32_700);
  if (m + 31 > MAX_MEMBERSHIP_PORT)
    throw new Error(`CLUSTER_MEMBERSHIP_BASE_PORT must be at most ${MAX_MEMBERSHIP_PORT - 31}`);
  const s = read('CLUSTER_STACK_BASE_PORT', 33_200);
  const service = (offset: number): ServicePorts => ({
    grpc: t + offset,
    membership: m + offset,
    metrics: t + offset + 2,
  });
  return {
    postgres: read('CLUSTER_PG_PORT', 33_432),
    services: { frontend: service(0), history: service(10), matching: service(20), worker: service(30) },
    frontendHttp: t + 3,
    emulator: s,
    codec: s + 1,
    receiverBalancer: s + 10,
    receivers: [s + 11, s + 12],
    apiBalancer: s + 20,
    apis: [s + 21, s + 22],
    workerMetrics: [s + 31, s + 32],
  };
}

export const HOST = '127.0.0.1';

export function frontendAddress(ports: ClusterPorts): string {
  return `${HOST}:${ports.services.frontend.grpc}`;
}
