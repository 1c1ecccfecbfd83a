/**
 * Jest runs the suites against real servers (Temporal dev server, emulator over HTTP), several suites at once: each
 * jest worker is a lane with its own Temporal dev server (test/global-setup.ts, test/support/lane-setup.ts); within a
 * lane, one suite at a time. docs/testing.md says what isolation a suite must keep.
 */
module.exports = {
  preset: 'ts-jest',
  // Two packages the suites cannot load as published, compiled to CommonJS by ts-jest for the suites only (the product
  // runs them untouched on Node 24): content-disposition 3 (under @fastify/static 10, @fastify/swagger-ui 6) is an ES
  // module only, which Node 24 require()s natively and jest 29's loader does not; OpenTelemetry's OTLP exporter base
  // (0.2xx) loads node:http with a dynamic import(), which jest's VM refuses without --experimental-vm-modules.
  transform: {
    '^.+\\.tsx?$': 'ts-jest',
    '/node_modules/(content-disposition|@opentelemetry/otlp-exporter-base)/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|@opentelemetry/otlp-exporter-base)/)'],
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
