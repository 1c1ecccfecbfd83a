import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { Command } from 'commander';
import { cancelSignRequest, resendSignRequest } from '../../steering';
import type { CliContext } from '../context';
import { CommandFailedError } from '../errors';
import { jsonOption } from '../options';
import { WORKFLOW_ID_ARGUMENT, resolveWorkflowId } from '../workflow-id';

export function registerSteering(program: Command, ctx: CliContext): void {
  program
    .command('cancel')
    .description('cancel the Box request; the workflow ends as cancelled (also while a create is still retrying)')
    .argument(...WORKFLOW_ID_ARGUMENT)
    .option('--reason <text>', 'why, recorded on Box and in the result')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Exits 1 when refused (the message says why) or when the request has already finished.

Examples:
  $ box-sign cancel box-sign-order-42 --reason "deal fell through"`,
    )
    .action(async (given: string, options: { reason?: string; json?: boolean }) => {
      await ctx.connect(async ({ client }) => {
        const workflowId = await resolveWorkflowId(client, given);
        const result = await refusalsAsFailures('cancel', () => cancelSignRequest(client, workflowId, options.reason));
        const text = result.signRequestId
          ? `cancelled: Box request ${result.signRequestId} is ${result.status}`
          : `cancelled before Box accepted it (${result.status})`;
        ctx.print(options.json === true, result, text);
      });
    });

  program
    .command('resend')
    .description('resend to the signers who have not signed yet (Box allows one send per 10 minutes)')
    .argument(...WORKFLOW_ID_ARGUMENT)
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Exits 1 when refused (inside the cool-down it says when the next resend is possible) or when the request has
already finished.

Examples:
  $ box-sign resend box-sign-order-42`,
    )
    .action(async (given: string, options: { json?: boolean }) => {
      await ctx.connect(async ({ client }) => {
        const workflowId = await resolveWorkflowId(client, given);
        const result = await refusalsAsFailures('resend', () => resendSignRequest(client, workflowId));
        const text = `resent (${result.resendsDone} so far); next resend possible at ${result.nextAllowedAt}`;
        ctx.print(options.json === true, result, text);
      });
    });
}

/** The workflow refused the update (its validator or Box): the refusal's message, exit 1, nothing changed. */
async function refusalsAsFailures<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof WorkflowUpdateFailedError)) throw err;
    throw new CommandFailedError(`${action} rejected: ${err.cause?.message ?? err.message}`);
  }
}
