import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { METRICS } from '../../metrics/names';

/** Prometheus conventions, and the table in docs/operations.md, for every metric the project defines. */
describe('metric names', () => {
  const definitions = Object.values(METRICS);

  it('are snake_case with the box_sign_ prefix, _total on counters, _seconds on histograms', () => {
    for (const metric of definitions) {
      expect(metric.name).toMatch(/^box_sign_[a-z][a-z0-9_]*$/);
      expect([metric.name, metric.kind === 'counter' ? metric.name.endsWith('_total') : true]).toEqual([
        metric.name,
        true,
      ]);
      expect([metric.name, metric.kind === 'histogram' ? metric.name.endsWith('_seconds') : true]).toEqual([
        metric.name,
        true,
      ]);
      for (const label of metric.labels) expect(label).toMatch(/^[a-z][a-z_]*$/);
    }
  });

  it('have no label that could hold a personal value or an unbounded id', () => {
    const forbidden = /id|email|phone|key|name|url|path|user|signer/;
    for (const metric of definitions)
      for (const label of metric.labels)
        expect([metric.name, label]).not.toEqual([metric.name, expect.stringMatching(forbidden)]);
  });

  it('are all in the table of docs/operations.md, with their labels, and the table lists no other', () => {
    const operations = readFileSync(join(__dirname, '..', '..', 'docs', 'operations.md'), 'utf8');
    const rows = [...operations.matchAll(/^\| `(box_sign_[a-z0-9_]+)` +\| (\w+) +\| ([^|]*)\|/gm)].map((m) => ({
      name: m[1],
      kind: m[2],
      labels: [...(m[3] ?? '').matchAll(/`([a-z_]+)`/g)].map((l) => l[1]),
    }));
    const expected = [
      ...new Map(definitions.map((m) => [m.name, { name: m.name, kind: m.kind, labels: [...m.labels] }])).values(),
    ];
    expect(rows).toEqual(expected);
  });
});
