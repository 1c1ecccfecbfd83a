import type { Command } from 'commander';
import { getSignRequestStatus } from '../../sign-requests';
import type { CliContext } from '../context';
import { formatState } from '../format/state';
import { jsonOption } from '../options';

export function registerStatus(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('the latest known state: phase, Box status, signers, checks, resends, reminders, problems')
    .argument('<workflowId>', 'box-sign-<businessKey>, as start printed it')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Examples:
  $ box-sign status box-sign-order-42
  $ box-sign status box-sign-order-42 --json`,
    )
    .action(async (workflowId: string, options: { json?: boolean }) => {
      await ctx.connect(async ({ client }) => {
        const state = await getSignRequestStatus(client, workflowId);
        ctx.print(options.json === true, state, formatState(state));
      });
    });
}
