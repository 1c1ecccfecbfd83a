import type { Command } from 'commander';
import type { SearchAttributeState } from '../../../search-attributes/namespace-search-attributes';
import {
  applySearchAttributes,
  readSearchAttributes,
  temporalCliCreateCommand,
} from '../../../search-attributes/namespace-search-attributes';
import type { CliContext } from '../context';
import { CommandFailedError } from '../errors';
import { formatTable } from '../format/table';
import { jsonOption } from '../options';

/** `box-sign search-attributes show|apply`: the namespace's custom search attributes, from the one list. */
export function registerSearchAttributes(program: Command, ctx: CliContext): void {
  const attributes = program
    .command('search-attributes')
    .description('the custom search attributes the namespace needs (register them once per namespace)');

  attributes
    .command('show')
    .description('print each search attribute the workflows use and whether the namespace has it')
    .addOption(jsonOption())
    .addHelpText('after', '\nExample:\n  $ box-sign search-attributes show')
    .action(async (options: { json?: boolean }) => {
      await ctx.connectOperator(async ({ operator, namespace }) => {
        const states = await readSearchAttributes(operator, namespace);
        ctx.print(options.json === true, states, statesText(states));
        if (states.some((s) => s.state !== 'registered')) {
          throw new CommandFailedError(
            `missing: run box-sign search-attributes apply, or ${temporalCliCreateCommand(namespace)}`,
          );
        }
      });
    });

  attributes
    .command('apply')
    .description('register the search attributes the namespace lacks (idempotent)')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Run it once per namespace, before the first start: Temporal refuses a start that sets an attribute the namespace
does not have. On Temporal Cloud the API key needs the namespace admin role (or use tcld/the Cloud UI).

Examples:
  $ box-sign search-attributes apply
  $ TEMPORAL_ADDRESS=my-ns.a1b2c.tmprl.cloud:7233 TEMPORAL_NAMESPACE=my-ns.a1b2c box-sign search-attributes apply`,
    )
    .action(async (options: { json?: boolean }) => {
      await ctx.connectOperator(async ({ operator, namespace }) => {
        const states = await applySearchAttributes(operator, namespace);
        ctx.print(options.json === true, states, `applied in namespace ${namespace}:\n${statesText(states)}`);
        const wrong = states.filter((s) => s.state === 'wrong type').map((s) => s.name);
        if (wrong.length > 0) {
          throw new CommandFailedError(`registered with another type, cannot be changed in place: ${wrong.join(', ')}`);
        }
      });
    });
}

function statesText(states: SearchAttributeState[]): string {
  return formatTable(
    ['attribute', 'type', 'state'],
    states.map((s) => [s.name, s.type, s.state]),
  );
}
