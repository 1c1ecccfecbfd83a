/** The emulator's own suites: each starts emulators in-process on free ports; no Temporal, nothing of the product. */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testTimeout: 30_000,
  modulePathIgnorePatterns: ['<rootDir>/dist'],
};
