import type { Command } from 'commander';
import { getSignRequestStatus } from '../../sign-requests';
import type { CliContext } from '../context';
import { formatState } from '../format/state';
import { jsonOption } from '../options';
import { WORKFLOW_ID_ARGUMENT, resolveWorkflowId } from '../workflow-id';

export function registerStatus(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('the latest known state: phase, Box status, signers, checks, resends, reminders, problems')
    .argument(...WORKFLOW_ID_ARGUMENT)
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Examples:
  $ box-sign status box-sign-order-42
  $ box-sign status box-sign-order-42 --json
  $ box-sign status order-42            (the business key finds box-sign-order-42)`,
    )
    .action(async (given: string, options: { json?: boolean }) => {
      await ctx.connect(async ({ client }) => {
        const state = await getSignRequestStatus(client, await resolveWorkflowId(client, given));
        ctx.print(options.json === true, state, formatState(state));
      });
    });
}
