/**
 * What may import what (docs/architecture.md draws it), checked by `npm run lint` (`npm run lint:imports`) on every
 * TypeScript and JavaScript file of the checkout, type-only imports included: a new folder or a package under
 * packages/ is covered without a change here. test/unit/import-rules.test.ts proves each rule fails when broken.
 */

/** Tooling around the product: the local stack and scripts, the bench, the suites, the examples, the emulator. */
const TOOLING = '^(scripts|bench|test|examples|packages)/';
/** The layers below the processes: none of them may reach up into api/, client/, worker/ or webhooks/. */
const FOUNDATION =
  '^(contracts|workflows|activities|box|callbacks|cli|config|deployment|encryption|http|logging|metrics|quotas|schemas|tracing)/';
/** Code that runs in Temporal's workflow sandbox. */
const WORKFLOW_CODE = '^(workflows|bench/workflows)/';
/** The Box Sign emulator, the workspace package box-sign-emulator. */
const EMULATOR = '(^|/)box-sign-emulator(/|$)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles: when two files need each other, a third holds what they share.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'contracts-import-nothing',
      comment: 'contracts/ is the shared vocabulary: it imports nothing of the product.',
      severity: 'error',
      from: { path: '^contracts/' },
      to: { dependencyTypes: ['local'], pathNot: '^contracts/' },
    },
    {
      name: 'workflows-import-contracts',
      comment:
        'Workflow code imports contracts/ (and the metric names, plain constants); activities only as types. ' +
        "ESLint's sandbox rule bans Node built-ins and I/O libraries in the same files.",
      severity: 'error',
      from: { path: WORKFLOW_CODE },
      to: {
        dependencyTypes: ['local'],
        pathNot:
          '^(contracts|workflows|activities)/|^metrics/names\\.ts$|^bench/(workflows/|baseline-activities\\.ts$)',
      },
    },
    {
      name: 'workflows-import-activities-as-types',
      comment: 'Workflow code calls activities through proxyActivities: it imports them as types only.',
      severity: 'error',
      from: { path: WORKFLOW_CODE },
      to: { path: '^activities/|^bench/baseline-activities\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'foundation-imports-no-process',
      comment: 'The layers below the processes never import the API, the client and CLI, the worker or the receiver.',
      severity: 'error',
      from: { path: FOUNDATION },
      to: { path: '^(api|client|worker|webhooks)/' },
    },
    {
      name: 'product-imports-no-tooling',
      comment: 'The product never imports the scripts, the bench, the suites or the examples.',
      severity: 'error',
      from: { pathNot: TOOLING },
      to: { path: '^(scripts|bench|test|examples)/' },
    },
    {
      name: 'only-suites-import-test',
      comment: 'test/ is imported by test/ only.',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
    {
      name: 'only-tooling-imports-the-emulator',
      comment: 'The emulator stands in for Box in the stack, the bench and the suites; the product never imports it.',
      severity: 'error',
      from: { pathNot: '^(scripts|bench|test)/|^packages/box-sign-emulator/' },
      to: { path: EMULATOR },
    },
    {
      name: 'packages-import-no-product',
      comment: 'A package under packages/ imports nothing of the product: only itself, other packages and npm.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { dependencyTypes: ['local'], pathNot: '^packages/' },
    },
  ],
  options: {
    // Type-only imports count: a cycle of types is still two files that cannot be understood apart.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // A workspace package imported by name resolves to its build output: kept as the import's target (so the rules
    // see it), never cruised itself.
    doNotFollow: { path: '(^|/)node_modules/|^packages/[^/]+/(lib|dist)/' },
    // The checkout's build output, dependencies, and dot-folders (.tools, .stack, .git).
    exclude: { path: '^(lib|coverage)/|(^|/)node_modules/|(^|/)\\.' },
  },
};
