import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PROJECT_ROOT } from '../../scripts/tools';

/**
 * `npm run lint:imports` (part of `npm run lint`) run as it is, with the checkout's own rules, on small trees laid out
 * like the checkout in a temp folder: a tree that keeps the rules passes, and each broken rule fails the lint by name.
 */

const CONFIG = 'dependency-cruiser.config.js';
const DEPCRUISE = join(PROJECT_ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

type Tree = Record<string, string>;

/** A miniature of the checkout that keeps every rule. */
const LAWFUL: Tree = {
  'contracts/index.ts': 'export type Outcome = "signed";\n',
  'metrics/names.ts': 'export const METRICS = {};\n',
  'workflows/flow.ts':
    "import type * as activities from '../activities/index';\nimport type { Outcome } from '../contracts/index';\n" +
    "import { METRICS } from '../metrics/names';\nexport type F = [typeof activities, Outcome, typeof METRICS];\n",
  'config/reader.ts': 'export const read = 1;\n',
  'box/client.ts': "import { read } from '../config/reader';\nexport const box = read;\n",
  'activities/index.ts': "import { box } from '../box/client';\nexport const create = box;\n",
  'cli/command-line.ts': 'export const program = 1;\n',
  'client/cli.ts': "import { program } from '../cli/command-line';\nexport const cli = program;\n",
  'api/main.ts': "import { cli } from '../client/cli';\nexport const api = cli;\n",
  'worker/main.ts': "import { create } from '../activities/index';\nexport const worker = create;\n",
  'packages/box-sign-emulator/src/model.ts': 'export const model = 1;\n',
  'packages/box-sign-emulator/src/index.ts': "export { model } from './model';\n",
  // The workspace package as npm links it, built: importing it by name resolves to its dist/.
  'packages/box-sign-emulator/package.json': '{ "name": "box-sign-emulator", "main": "dist/index.js" }\n',
  'packages/box-sign-emulator/dist/index.js': "exports.model = require('./model').model;\n",
  'packages/box-sign-emulator/dist/model.js': 'exports.model = 1;\n',
  'scripts/stack.ts':
    "import { model } from 'box-sign-emulator';\nimport { worker } from '../worker/main';\n" +
    'export const stack = [model, worker];\n',
  'bench/run.ts':
    "import { model } from '../packages/box-sign-emulator/src/index';\nimport { stack } from '../scripts/stack';\n" +
    'export const bench = [model, stack];\n',
  'test/support/rig.ts': "import { api } from '../../api/main';\nexport const rig = api;\n",
  'test/a.test.ts':
    "import { model } from 'box-sign-emulator';\nimport { rig } from './support/rig';\n" +
    'export const a = [model, rig];\n',
};

/** The lint's own command line (package.json's lint:imports), run in `dir`. */
function lintImports(dir: string, tree: Tree): { status: number | null; output: string } {
  for (const [path, text] of Object.entries(tree)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(join('..', 'packages', 'box-sign-emulator'), join(dir, 'node_modules', 'box-sign-emulator'));
  copyFileSync(join(PROJECT_ROOT, CONFIG), join(dir, CONFIG));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', strict: true } }));
  const scripts = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Tree }).scripts;
  const [command, ...args] = (scripts['lint:imports'] ?? '').split(' ');
  expect(command).toBe('depcruise');
  const run = spawnSync(process.execPath, [DEPCRUISE, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** Each violation the lint printed, as `rule: from → to` (a cycle as its first two files). */
function violations(output: string): string[] {
  return [...output.matchAll(/error (\S+): (\S+) → \s*(\S+)/g)].map(([, rule, from, to]) => `${rule}: ${from} → ${to}`);
}

describe('npm run lint forbids import cycles and imports across the layers docs/architecture.md draws', () => {
  const dirs: string[] = [];
  const tempTree = () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-rules-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('passes a tree that keeps every rule', () => {
    const run = lintImports(tempTree(), LAWFUL);
    expect(run.output).toContain('no dependency violations found');
    expect(run.status).toBe(0);
  });

  it('fails on a deliberately added cycle, even one of types only', () => {
    const run = lintImports(tempTree(), {
      ...LAWFUL,
      'contracts/state.ts': "import type { Delivery } from './delivery';\nexport type State = { d: Delivery };\n",
      'contracts/delivery.ts': "import type { State } from './state';\nexport type Delivery = { s?: State };\n",
    });
    expect(run.status).not.toBe(0);
    // The cycle is reported once, from whichever of its files is cruised first.
    expect(violations(run.output)).toEqual([
      expect.stringMatching(/^no-circular: contracts\/(state|delivery)\.ts → contracts\/(delivery|state)\.ts$/),
    ]);
  });

  it('fails on each import across the layers, naming the rule, the importer and the imported file', () => {
    const run = lintImports(tempTree(), {
      ...LAWFUL,
      'contracts/uses-box.ts': "export { box } from '../box/client';\n",
      'workflows/uses-box.ts': "export { box } from '../box/client';\n",
      'workflows/calls-activity.ts': "export { create } from '../activities/index';\n",
      'activities/reaches-up.ts': "export { api } from '../api/main';\n",
      'client/uses-script.ts': "export { stack } from '../scripts/stack';\n",
      'scripts/uses-test.ts': "export { rig } from '../test/support/rig';\n",
      'worker/uses-emulator.ts': "export { model } from '../packages/box-sign-emulator/src/index';\n",
      'worker/uses-emulator-package.ts': "export { model } from 'box-sign-emulator';\n",
      'packages/box-sign-emulator/src/uses-product.ts': "export { box } from '../../../box/client';\n",
    });
    expect(run.status).not.toBe(0);
    expect(violations(run.output).sort()).toEqual([
      'contracts-import-nothing: contracts/uses-box.ts → box/client.ts',
      'foundation-imports-no-process: activities/reaches-up.ts → api/main.ts',
      'only-suites-import-test: scripts/uses-test.ts → test/support/rig.ts',
      'only-tooling-imports-the-emulator: worker/uses-emulator-package.ts → packages/box-sign-emulator/dist/index.js',
      'only-tooling-imports-the-emulator: worker/uses-emulator.ts → packages/box-sign-emulator/src/index.ts',
      'packages-import-no-product: packages/box-sign-emulator/src/uses-product.ts → box/client.ts',
      'product-imports-no-tooling: client/uses-script.ts → scripts/stack.ts',
      'workflows-import-activities-as-types: workflows/calls-activity.ts → activities/index.ts',
      'workflows-import-contracts: workflows/uses-box.ts → box/client.ts',
    ]);
  });
});
