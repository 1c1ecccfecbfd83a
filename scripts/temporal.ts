import { spawnSync } from 'node:child_process';
import { temporalCliPath } from './tools';

/** `npm run temporal -- workflow show -w …`: the bundled `temporal` CLI (bootstrap installs it under .tools/). */
function main(argv: string[]): number {
  let path: string;
  try {
    path = temporalCliPath();
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const run = spawnSync(path, argv, { stdio: 'inherit' });
  if (run.error) {
    console.error(`cannot run ${path}: ${run.error.message}`);
    return 1;
  }
  return run.status ?? 1;
}

process.exitCode = main(process.argv.slice(2));
