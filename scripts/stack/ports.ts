import { API_DEFAULTS, API_ENV } from '../../api/config';
import { CODEC_SERVER_ENV } from '../../encryption/codec-server-config';
import { WEBHOOK_RECEIVER_DEFAULTS, WEBHOOK_RECEIVER_ENV } from '../../webhooks/config';
import { isPortFree } from '../processes';

/** Every process of the stack listens on loopback only. */
export const HOST = '127.0.0.1';

/** The worker's metrics and probes port (worker/config.ts reads it); the stack always sets it. */
export const WORKER_METRICS_PORT = 'METRICS_PORT';

export interface StackPorts {
  temporal: number;
  ui: number;
  emulator: number;
  codec: number;
  receiver: number;
  api: number;
  workerMetrics: number;
}

/** The stack's fixed development ports, each overridable by its variable. */
export function ports(env = process.env): StackPorts {
  const read = (key: string, fallback: number) => {
    const value = Number(env[key] ?? fallback);
    if (!Number.isInteger(value) || value <= 0 || value > 65535) throw new Error(`${key} must be a port number`);
    return value;
  };
  return {
    temporal: read('TEMPORAL_PORT', 7233),
    ui: read('TEMPORAL_UI_PORT', 8233),
    emulator: read('EMULATOR_PORT', 8788),
    codec: read(CODEC_SERVER_ENV.port, 8888),
    receiver: read(WEBHOOK_RECEIVER_ENV.port, WEBHOOK_RECEIVER_DEFAULTS.port),
    api: read(API_ENV.port, API_DEFAULTS.port),
    workerMetrics: read(WORKER_METRICS_PORT, 9464),
  };
}

export async function requireFreePort(port: number, envKey: string, what: string): Promise<void> {
  if (!(await isPortFree(port))) {
    throw new Error(`port ${port} for ${what} is already in use by another process: stop it or set ${envKey}`);
  }
}
