import { Option } from 'commander';
import type { Command } from 'commander';
import type { SignRequestListing } from '../../steering';
import { listSignRequestPage } from '../../steering';
import type { CliContext } from '../context';
import { formatTable } from '../format/table';
import { BOX_STATUSES, boxStatus, jsonOption, positiveWholeNumber } from '../options';

const DEFAULT_LIMIT = 20;

interface ListOptions {
  status?: string;
  limit: number;
  all?: boolean;
  json?: boolean;
}

export function registerList(program: Command, ctx: CliContext): void {
  program
    .command('list')
    .description("sign requests from Temporal's visibility store, newest first")
    .addOption(new Option('--status <box status>', `only requests Box shows with this status`).argParser(boxStatus))
    .addOption(
      new Option('--limit <n>', 'show at most n requests').argParser(positiveWholeNumber).default(DEFAULT_LIMIT),
    )
    .addOption(new Option('--all', 'show every request (no limit)').conflicts('limit'))
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Box statuses: ${BOX_STATUSES.join(', ')}.
Visibility is eventually consistent: a request started a moment ago may show a moment later.

Examples:
  $ box-sign list
  $ box-sign list --status sent --limit 50
  $ box-sign list --status declined --all --json`,
    )
    .action(async (options: ListOptions) => {
      await ctx.connect(async ({ client }) => {
        const limit = options.all ? Number.POSITIVE_INFINITY : options.limit;
        const { rows, more } = await listSignRequestPage(client, { boxStatus: options.status, limit });
        ctx.print(options.json === true, rows, listText(rows, options.status));
        if (more) ctx.note(`… more than ${rows.length} match; use --limit or --all`);
      });
    });
}

export function listText(rows: SignRequestListing[], status?: string): string {
  if (rows.length === 0) return status ? `no sign requests with Box status ${status}` : 'no sign requests found';
  return formatTable(
    ['WORKFLOW ID', 'WORKFLOW', 'BOX STATUS', 'SIGN REQUEST', 'SENDER', 'STARTED'],
    rows.map((r) => [
      r.workflowId,
      r.executionStatus.toLowerCase(),
      r.boxStatus ?? '-',
      r.signRequestId ?? '-',
      r.sender ?? 'default',
      r.startTime.toISOString(),
    ]),
  );
}
