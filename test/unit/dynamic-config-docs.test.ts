import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { FAIRNESS_DYNAMIC_CONFIG } from '../../scripts/temporal-dynamic-config';

type ConstrainedValues = { value: unknown; constraints?: Record<string, unknown> }[];

/** The self-hosted cluster's dynamic config, as docs/operations.md gives it. */
function documentedDynamicConfig(): Record<string, ConstrainedValues> {
  const operations = readFileSync(join(__dirname, '..', '..', 'docs', 'operations.md'), 'utf8');
  const section = operations.slice(operations.indexOf('**Self-hosted cluster**'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error('no yaml block after **Self-hosted cluster** in docs/operations.md');
  const indent = /^( *)/.exec(block)?.[1]?.length ?? 0;
  const unindented = block
    .split('\n')
    .map((line) => line.slice(indent))
    .join('\n')
    .replace(/<ns>/g, 'ns');
  return parse(unindented) as Record<string, ConstrainedValues>;
}

describe('the dynamic config the docs give a self-hosted cluster', () => {
  const config = documentedDynamicConfig();

  it('sets the same keys as every dev server the project starts', () => {
    expect(Object.keys(config).sort()).toEqual(Object.keys(FAIRNESS_DYNAMIC_CONFIG).sort());
  });

  it('puts only the activity side of the two queues on one partition, never the workflow task queue', () => {
    for (const key of ['matching.numTaskqueueReadPartitions', 'matching.numTaskqueueWritePartitions']) {
      const values = config[key] ?? [];
      expect(values.map((v) => v.constraints?.taskQueueName).sort()).toEqual(['box-sign', 'box-sign-box-writes']);
      for (const value of values) expect([key, value.constraints?.taskType]).toEqual([key, 'Activity']);
    }
  });
});
