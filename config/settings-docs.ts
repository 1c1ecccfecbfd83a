import type { ProcessName, Setting } from './setting';
import { PROCESSES, fileVariable } from './setting';
import { settingsOf } from './settings';

/**
 * docs/configuration.md's tables, one per process, rendered from the definitions (config/settings/). Each table sits
 * between `<!-- settings:<process> -->` and `<!-- /settings:<process> -->`; `npm run config:docs` rewrites them and
 * test/unit/config-docs.test.ts fails when the committed file differs. Tables are aligned the way Prettier does.
 */
export const CONFIGURATION_DOC = 'docs/configuration.md';

export function renderSettingsTable(process: ProcessName): string {
  const rows = settingsOf(process).map((setting) => [
    variableCell(setting),
    defaultCell(setting, process),
    formatCell(setting),
    setting.description,
  ]);
  return alignedTable(['variable', 'default', 'format', 'meaning'], rows);
}

/** The document with every process's table replaced by the generated one; throws when a marker is missing. */
export function withGeneratedTables(doc: string): string {
  return PROCESSES.reduce((text, process) => {
    const start = `<!-- settings:${process} -->`;
    const end = `<!-- /settings:${process} -->`;
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from < 0 || to < from) throw new Error(`${CONFIGURATION_DOC} has no ${start} … ${end} block`);
    return `${text.slice(0, from)}${start}\n\n${renderSettingsTable(process)}\n\n${text.slice(to)}`;
  }, doc);
}

function variableCell(setting: Setting): string {
  if (setting.kind === 'secret' && setting.fileVariant) return `\`${setting.name}\` or \`${fileVariable(setting)}\``;
  return `\`${setting.name}\``;
}

function defaultCell(setting: Setting, process: ProcessName): string {
  if (setting.requiredBy?.includes(process)) return 'required';
  if (setting.docDefault !== undefined) return setting.docDefault;
  if (!('default' in setting) || setting.default === undefined) return '';
  const value = Array.isArray(setting.default) ? setting.default.join(',') : String(setting.default);
  return value === '' ? '' : `\`${value}\``;
}

function formatCell(setting: Setting): string {
  switch (setting.kind) {
    case 'int':
      return setting.max === undefined ? `whole number ≥ ${setting.min}` : `whole number ${setting.min}–${setting.max}`;
    case 'port':
      return 'port';
    case 'bool':
      return setting.spelling === 'on-off' ? '`on`/`off`' : '`true`/`false`';
    case 'enum':
      return setting.values.map((value) => `\`${value}\``).join(', ');
    case 'url':
      return 'http(s) URL';
    case 'list':
      return 'comma-separated';
    case 'file':
      return 'file path';
    case 'secret':
      return 'secret';
    case 'external':
      return `${setting.secret === true ? 'secret, ' : ''}read by ${setting.readBy}`;
    case 'string':
      return 'text';
  }
}

function alignedTable(header: string[], rows: string[][]): string {
  const cells = [header, ...rows].map((row) => row.map((cell) => cell.replace(/\|/g, '\\|')));
  const widths = header.map((_, column) => Math.max(3, ...cells.map((row) => [...(row[column] ?? '')].length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => pad(cell, widths[i] ?? 0)).join(' | ')} |`;
  const [head, ...body] = cells;
  return [line(head ?? []), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}
