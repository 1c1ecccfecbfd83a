import { parseArguments, strictProgram } from '../cli/command-line';
import { stackDown } from './stack/down';
import { stackStatus } from './stack/status';
import { stackUp } from './stack/up';

/** `node lib/scripts/stack.js up|down|status`: the local stack (scripts/stack/up.ts says what it runs). */

export type { StackInfo } from './stack/info';
export { stackDown, stackUp };

if (require.main === module) {
  const program = strictProgram('stack').description('The local stack: Temporal dev server, emulator, worker, API…');
  let command = 'status';
  let run: () => Promise<unknown> = () => Promise.resolve(stackStatus());
  const choose = (name: string, action: () => Promise<unknown>) => () => {
    command = name;
    run = action;
  };
  program
    .command('up')
    .description('start what is not running (idempotent)')
    .action(choose('up', () => stackUp()));
  program
    .command('down')
    .description('stop what up started')
    .action(choose('down', () => stackDown()));
  program.command('status').description('which parts run').action(choose('status', run));
  const argv = process.argv.slice(2);
  const exitCode = parseArguments(program, argv.length === 0 ? ['status'] : argv);
  if (exitCode !== undefined) process.exitCode = exitCode;
  else {
    run().catch((err: unknown) => {
      console.error(`stack ${command}: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    });
  }
}
