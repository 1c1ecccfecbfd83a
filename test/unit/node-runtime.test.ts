import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, pinnedVersion } from '../../scripts/tools';

const pinned = pinnedVersion('NODE_VERSION');
const major = pinned.split('.')[0]!;

/** npm test runs on the Node.js line the project supports (scripts/with-node.sh brings it when the machine's is older). */
describe('the Node.js runtime', () => {
  it('the suites run on the pinned major, and so do the node processes they spawn and the first node on PATH', () => {
    expect(process.versions.node.split('.')[0]).toBe(major);
    expect(execFileSync(process.execPath, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim()).toMatch(
      new RegExp(`^${major}\\.`),
    );
    expect(execFileSync('node', ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim()).toMatch(
      new RegExp(`^${major}\\.`),
    );
  });

  it("package.json's engines admit exactly that major", () => {
    const { engines } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    expect(engines.node).toBe(`>=${major} <${Number(major) + 1}`);
  });
});
