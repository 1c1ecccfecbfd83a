import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root, whether running from TypeScript sources (ts-jest) or from lib/. */
export const PROJECT_ROOT = findRoot(__dirname);

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = resolve(dir, '..');
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}
