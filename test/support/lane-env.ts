/** Set by test/global-setup.ts: the lanes' Temporal dev servers, comma-separated (test/support/lane-setup.ts). */
export const LANE_ADDRESSES_ENV = 'TEST_TEMPORAL_ADDRESSES';
/** Set by test/global-setup.ts: a file holding the sign workflows bundled once for the run (test/support/harness.ts). */
export const SHARED_BUNDLE_ENV = 'TEST_WORKFLOW_BUNDLE';
