import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROCESSES } from '../../config/setting';
import { ALL_SETTINGS, settingsOf } from '../../config/settings';
import { CONFIGURATION_DOC, renderSettingsTable, withGeneratedTables } from '../../config/settings-docs';

const committed = readFileSync(join(__dirname, '..', '..', CONFIGURATION_DOC), 'utf8');

describe('docs/configuration.md', () => {
  it('holds the tables generated from config/settings/ (regenerate: npm run config:docs)', () => {
    expect(committed).toBe(withGeneratedTables(committed));
  });

  it('has one table per process, naming every setting that process reads', () => {
    for (const process of PROCESSES) {
      const table = renderSettingsTable(process);
      expect(committed).toContain(table);
      for (const setting of settingsOf(process)) expect(table).toContain(`\`${setting.name}\``);
    }
  });

  it('refuses a document that lost a process block', () => {
    const withoutApi = committed.replace('<!-- settings:api -->', '');
    expect(() => withGeneratedTables(withoutApi)).toThrow('<!-- settings:api -->');
  });
});

describe('the setting definitions', () => {
  it('name each variable once, each read by at least one process, every required one by its readers', () => {
    const names = ALL_SETTINGS.map((setting) => setting.name);
    expect(new Set(names).size).toBe(names.length);
    for (const setting of ALL_SETTINGS) {
      expect([setting.name, setting.processes.length > 0]).toEqual([setting.name, true]);
      for (const process of setting.requiredBy ?? []) expect(setting.processes).toContain(process);
      expect(setting.description).not.toBe('');
    }
  });
});
