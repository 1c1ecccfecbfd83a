/**
 * Jest runs the suites against real servers (Temporal dev server, emulator over HTTP), several suites at once: each
 * jest worker is a lane with its own Temporal dev server (test/global-setup.ts, test/support/lane-setup.ts); within a
 * lane, one suite at a time. docs/testing.md says what isolation a suite must keep.
 */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  // The emulator package's own suites run here too (they need nothing of the product's set-up).
  roots: ['<rootDir>/test', '<rootDir>/packages/box-sign-emulator/test'],
  testMatch: ['**/*.test.ts'],
  testTimeout: 60_000,
  modulePathIgnorePatterns: ['<rootDir>/lib', '<rootDir>/packages/box-sign-emulator/dist'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  setupFiles: ['<rootDir>/test/support/lane-setup.ts'],
  testSequencer: '<rootDir>/jest-sequencer.config.js',
};
