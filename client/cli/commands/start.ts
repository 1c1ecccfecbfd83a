import type { Command } from 'commander';
import { startSignRequest } from '../../sign-requests';
import type { CliContext } from '../context';
import { readSignRequestInput } from '../input';
import { jsonOption } from '../options';

interface StartOptions {
  input: string;
  passwordEnv: string[];
  passwordStdin?: string;
  json?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerStart(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description('start a sign request and print its workflow id; the same businessKey twice starts nothing new')
    .requiredOption('--input <file|->', 'the request as JSON (contracts/sign-request-input), - for stdin')
    .option('--password-env <email=ENV_VAR>', "take that signer's password from an environment variable", collect, [])
    .option('--password-stdin <email>', "read that signer's password from the first line of stdin")
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Passwords never go on the command line: --password-env (repeatable) or --password-stdin.

Examples:
  $ box-sign start --input order-42.json
  $ SIGNER_PW=… box-sign start --input order-42.json --password-env ann@example.com=SIGNER_PW
  $ cat order-42.json | box-sign start --input - --json`,
    )
    .action(async (options: StartOptions) => {
      const input = readSignRequestInput(options.input, {
        passwordEnv: options.passwordEnv,
        passwordStdin: options.passwordStdin,
      });
      const sealing = ctx.sealing();
      await ctx.connect(async ({ client, taskQueue }) => {
        const started = await startSignRequest(client, input, { taskQueue, sealing });
        const text = started.alreadyStarted ? `${started.workflowId} (already started)` : started.workflowId;
        ctx.print(options.json === true, started, text);
      });
    });
}
