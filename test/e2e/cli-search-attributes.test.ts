import { Client, Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BoxSender, SEARCH_ATTRIBUTES } from '../../contracts';
import type { SearchAttributeState } from '../../search-attributes/namespace-search-attributes';
import { SEARCH_ATTRIBUTES_APPLY_COMMAND } from '../../search-attributes/namespace-search-attributes';
import { eventually } from '../support/signers';
import { BUILT, runBuilt } from '../support/run-built';

/**
 * `box-sign search-attributes show|apply` on a fresh namespace of jest's dev server, as an operator runs them on a
 * cluster or Temporal Cloud: until they are applied, a start that names a sender is refused.
 */
describe('box-sign search-attributes: what a namespace needs, from the one list', () => {
  const namespace = `sa-${randomUUID().slice(0, 8)}`;
  let connection: Connection;
  beforeAll(async () => {
    connection = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS });
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs('1 day'),
    });
  }, 30_000);
  afterAll(() => connection?.close());

  const cli = (args: string[]) =>
    runBuilt(BUILT.cli, ['search-attributes', ...args], {
      TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
      TEMPORAL_NAMESPACE: namespace,
    });

  /** A start as the client makes it for a request sent as a user: it sets BoxSender. */
  const startNamingASender = () =>
    new Client({ connection, namespace }).workflow.start('signRequestWorkflow', {
      workflowId: `sa-${randomUUID()}`,
      taskQueue: 'nobody-polls',
      typedSearchAttributes: [{ key: BoxSender, value: '20001' }],
    });

  it('show names every missing one and the command; apply registers them all; a start naming a sender then works', async () => {
    const before = await eventually(
      () => cli(['show', '--json']),
      (run) => run.code === 1 && run.stdout !== '',
    );
    const missing = JSON.parse(before.stdout) as SearchAttributeState[];
    expect(missing.map((s) => [s.name, s.state])).toEqual(SEARCH_ATTRIBUTES.map((key) => [key.name, 'missing']));
    expect(before.stderr).toContain('box-sign search-attributes apply');
    expect(before.stderr).toContain(`--namespace ${namespace} `);
    expect(before.stderr).toContain('--name BoxSender --type Keyword');
    const refused = (await startNamingASender().catch((err: unknown) => err)) as Error;
    expect(`${refused.message}: ${(refused.cause as Error | undefined)?.message}`).toMatch(/BoxSender/);

    const applied = await cli(['apply']);
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    expect(applied.stdout).toContain(`applied in namespace ${namespace}:`);
    for (const key of SEARCH_ATTRIBUTES)
      expect(applied.stdout).toMatch(new RegExp(`${key.name}\\s+\\w+\\s+registered`));

    const again = await cli(['apply', '--json']);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as SearchAttributeState[]).every((s) => s.state === 'registered')).toBe(true);
    const started = await eventually(
      () =>
        startNamingASender().then(
          (handle) => handle,
          () => null,
        ),
      (handle) => handle !== null,
    );
    await started!.terminate('test cleanup');
  }, 60_000);

  it('the docs register them with that command, never with a list typed again', () => {
    const operations = readFileSync(join(__dirname, '..', '..', 'docs', 'operations.md'), 'utf8');
    expect(operations).toContain(SEARCH_ATTRIBUTES_APPLY_COMMAND);
    expect(operations).not.toContain('temporal operator search-attribute create');
  });
});
