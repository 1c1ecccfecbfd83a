import { parseArguments, strictProgram } from '../cli/command-line';
import { clusterDown } from './cluster/down';
import { clusterUp } from './cluster/up';

/** `node lib/scripts/cluster.js up|down`: a real Temporal cluster and the product on it (docs/cluster.md). */
if (require.main === module) {
  const program = strictProgram('cluster').description(
    'A multi-service Temporal server on PostgreSQL, the product on it',
  );
  let run: (() => Promise<unknown>) | undefined;
  program
    .command('up')
    .description('build what is missing, start what is not running (idempotent)')
    .action(() => {
      run = () => clusterUp();
    });
  program
    .command('down')
    .description('stop what up started, PostgreSQL included (the data stays)')
    .action(() => {
      run = () => clusterDown();
    });
  const exitCode = parseArguments(program, process.argv.slice(2));
  if (exitCode !== undefined) process.exitCode = exitCode;
  else if (run === undefined) program.help();
  else {
    run().catch((err: unknown) => {
      console.error(`cluster: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    });
  }
}
