import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROMTOOL } from '../support/prometheus';

const DIR = join(__dirname, '..', '..', 'deploy', 'prometheus');

function promtool(...args: string[]): { status: number | null; output: string } {
  const run = spawnSync(PROMTOOL, args, { cwd: DIR, encoding: 'utf8' });
  if (run.error) throw new Error(`${PROMTOOL} did not run (scripts/bootstrap.sh installs it): ${run.error.message}`);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

interface AlertRule {
  alert: string;
  annotations?: Record<string, string>;
}

describe('deploy/prometheus/alerts.yml', () => {
  const rules = (
    parse(readFileSync(join(DIR, 'alerts.yml'), 'utf8')) as { groups: { rules: AlertRule[] }[] }
  ).groups.flatMap((group) => group.rules);

  it('is valid for promtool', () => {
    const check = promtool('check', 'rules', 'alerts.yml');
    expect([check.status, check.output]).toEqual([0, expect.stringContaining(`SUCCESS: ${rules.length} rules found`)]);
  });

  it('passes its unit tests (alerts.test.yml), which test every alert', () => {
    const tests = readFileSync(join(DIR, 'alerts.test.yml'), 'utf8');
    for (const rule of rules)
      expect([rule.alert, tests.includes(`alertname: ${rule.alert}`)]).toEqual([rule.alert, true]);
    const run = promtool('test', 'rules', 'alerts.test.yml');
    expect([run.status, run.output]).toEqual([0, expect.stringContaining('SUCCESS')]);
  });

  it('gives every alert a summary and a runbook line that points into docs/operations.md', () => {
    const operations = readFileSync(join(__dirname, '..', '..', 'docs', 'operations.md'), 'utf8');
    for (const rule of rules) {
      expect([rule.alert, rule.annotations?.summary]).toEqual([rule.alert, expect.any(String)]);
      const anchor = /^docs\/operations\.md#([a-z-]+): /.exec(rule.annotations?.runbook ?? '')?.[1];
      expect([rule.alert, anchor !== undefined && operations.includes(`<a id="${anchor}"></a>`)]).toEqual([
        rule.alert,
        true,
      ]);
    }
  });

  it('fails a broken rule: promtool is really checking', () => {
    const dir = mkdtempSync(join(tmpdir(), 'box-sign-alerts-'));
    try {
      const file = join(dir, 'broken.yml');
      writeFileSync(file, 'groups:\n  - name: x\n    rules:\n      - alert: Broken\n        expr: sum(rate(x[5m]) >\n');
      const broken = promtool('check', 'rules', file);
      expect([broken.status, broken.output]).toEqual([1, expect.stringContaining('FAILED')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
