import type { SignRequestInput, ValidationIssue } from '../../contracts';
import { jsonSyntaxErrorPosition } from '../../contracts';
import { CliInputError } from './errors';
import { readInputText } from './input';

/** One non-blank line of a batch file: its input, or why it is not JSON. */
export type BatchLine =
  { line: number; input: SignRequestInput } | { line: number; input?: undefined; issues: ValidationIssue[] };

/**
 * A JSON Lines file (`-` for stdin): one sign-request input per line, blank lines skipped. A line that is not JSON is
 * kept with its syntax error's column (never its text: it may hold a password or a phone number).
 */
export function readBatchFile(path: string): BatchLine[] {
  const text = readInputText(path);
  const lines: BatchLine[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((content, i) => {
      if (content.trim() !== '') lines.push(parseLine(content, i + 1));
    });
  if (lines.length === 0) throw new CliInputError(`${path} holds no sign requests (every line is blank)`);
  return lines;
}

function parseLine(content: string, line: number): BatchLine {
  try {
    return { line, input: JSON.parse(content) as SignRequestInput };
  } catch {
    const at = jsonSyntaxErrorPosition(content);
    const rule = `is not valid JSON (syntax error at ${at ? `column ${at.column}` : 'an unknown position'})`;
    return { line, issues: [{ field: 'input', rule }] };
  }
}
