import { LANE_ADDRESSES_ENV } from './lane-env';

/**
 * A jest setup file (jest.config.js `setupFiles`), run before each suite: the suite gets its lane's Temporal dev
 * server — one per jest worker, started by test/global-setup.ts — as TEST_TEMPORAL_ADDRESS.
 */
const addresses = process.env[LANE_ADDRESSES_ENV]?.split(',') ?? [];
if (addresses.length > 0) {
  // JEST_WORKER_ID is 1…maxWorkers, stable for a worker process; "1" when jest runs in band.
  const lane = Number(process.env.JEST_WORKER_ID ?? '1');
  process.env.TEST_TEMPORAL_ADDRESS = addresses[(lane - 1) % addresses.length];
}
