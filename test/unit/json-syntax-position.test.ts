import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliInputError, readSignRequestInput } from '../../client/cli/input';
import { jsonSyntaxErrorPosition } from '../../contracts';

function cliErrorFor(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'json-pos-')), 'request.json');
  writeFileSync(path, text);
  try {
    readSignRequestInput(path, { passwordEnv: [] });
  } catch (err) {
    expect(err).toBeInstanceOf(CliInputError);
    return (err as Error).message;
  }
  throw new Error('the input was accepted');
}

describe('a JSON syntax error in an input file', () => {
  it.each([
    ['a bare word after a password', '{\n  "password": "SECRET-pw",\n  "x": SECRETword\n}', 3, 8],
    ['a missing comma', '{"a": "SECRET" "b": 1}', 1, 16],
    ['an unclosed string', '{"phone": "+1555SECRET', 1, 23],
    ['a trailing comma', '[1, 2, ]', 1, 8],
    ['a control character in a string', '{"a": "SE\u0001CRET"}', 1, 10],
    ['text after the value', '{} SECRET', 1, 4],
    ['an empty file', '', 1, 1],
  ])('is reported by position, never by content: %s', (_name, text, line, column) => {
    expect(() => {
      JSON.parse(text);
    }).toThrow();
    expect(jsonSyntaxErrorPosition(text)).toMatchObject({ line, column });
    const message = cliErrorFor(text);
    expect(message).toContain(`syntax error at line ${line}, column ${column}`);
    expect(message).not.toContain('SECRET');
  });

  it('finds no error in valid JSON', () => {
    expect(jsonSyntaxErrorPosition('{"a": [1, -2.5e3, true, null, "\\u00e9\\n"], "b": {}}')).toBeUndefined();
  });
});
