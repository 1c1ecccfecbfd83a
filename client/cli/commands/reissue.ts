import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { Command } from 'commander';
import type { SignerInput } from '../../../contracts';
import { reissueSignRequest } from '../../reissue';
import type { CliContext } from '../context';
import { CommandFailedError } from '../errors';
import { CliInputError, readSignRequestInput } from '../input';
import { jsonOption } from '../options';
import { WORKFLOW_ID_ARGUMENT, resolveWorkflowId } from '../workflow-id';

interface ReissueOptions {
  input: string;
  passwordEnv: string[];
  passwordStdin?: string;
  json?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerReissue(program: Command, ctx: CliContext): void {
  program
    .command('reissue')
    .description('correct the signers and reissue: cancels the Box request and creates a new one, same workflow')
    .argument(...WORKFLOW_ID_ARGUMENT)
    .requiredOption('--input <file|->', 'JSON {"signers": [...]}: every signer, corrected, in their positions')
    .option('--password-env <email=ENV_VAR>', "take that signer's password from an environment variable", collect, [])
    .option('--password-stdin <email>', "read that signer's password from the first line of stdin")
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Same count, order and role; e-mail, phone, password and verification method may change. Refused (exit 1) once
anyone has signed, while a create or cancel is under way, or once the request ended. The same signers again do
one reissue. Passwords never go on the command line: --password-env or --password-stdin.

Examples:
  $ box-sign reissue box-sign-order-42 --input corrected-signers.json`,
    )
    .action(async (given: string, options: ReissueOptions) => {
      const read = readSignRequestInput(options.input, {
        passwordEnv: options.passwordEnv,
        passwordStdin: options.passwordStdin,
      }) as unknown as { signers?: unknown };
      if (!Array.isArray(read?.signers)) throw new CliInputError(`${options.input} must hold {"signers": [...]}`);
      const signers = read.signers as SignerInput[];
      const sealing = ctx.sealing();
      await ctx.connect(async ({ client }) => {
        const workflowId = await resolveWorkflowId(client, given);
        let result;
        try {
          result = await reissueSignRequest(client, workflowId, signers, { sealing });
        } catch (err) {
          if (!(err instanceof WorkflowUpdateFailedError)) throw err;
          throw new CommandFailedError(`reissue rejected: ${err.cause?.message ?? err.message}`);
        }
        const before = result.previousSignRequestIds.join(', ');
        const text = `reissued: round ${result.round}, Box request ${result.signRequestId} is ${result.status} (before: ${before})`;
        ctx.print(options.json === true, result, text);
      });
    });
}
