/**
 * Where a JSON text first breaks the grammar (RFC 8259), as line and column, so that a syntax error can be reported
 * without echoing any of the text: V8's own messages quote it, and an input file may hold a password or a phone number.
 */

export interface JsonPosition {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
  /** 0-based offset in UTF-16 code units. */
  offset: number;
}

const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

class JsonScanner {
  at = 0;
  constructor(private readonly text: string) {}

  /** The offset of the first error, or undefined when the text is one valid JSON value. */
  firstError(): number | undefined {
    try {
      this.whitespace();
      this.value();
      this.whitespace();
      return this.at < this.text.length ? this.at : undefined;
    } catch {
      return this.at;
    }
  }

  private value(): void {
    const c = this.text[this.at];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const literal of ['true', 'false', 'null']) {
      if (this.text.startsWith(literal, this.at)) {
        this.at += literal.length;
        return;
      }
    }
    this.fail();
  }

  private object(): void {
    this.at++;
    this.whitespace();
    if (this.text[this.at] === '}') return void this.at++;
    for (;;) {
      if (this.text[this.at] !== '"') this.fail();
      this.string();
      this.whitespace();
      this.expect(':');
      this.whitespace();
      this.value();
      this.whitespace();
      if (this.text[this.at] === '}') return void this.at++;
      this.expect(',');
      this.whitespace();
    }
  }

  private array(): void {
    this.at++;
    this.whitespace();
    if (this.text[this.at] === ']') return void this.at++;
    for (;;) {
      this.value();
      this.whitespace();
      if (this.text[this.at] === ']') return void this.at++;
      this.expect(',');
      this.whitespace();
    }
  }

  private string(): void {
    this.at++;
    for (;;) {
      const c = this.text[this.at];
      if (c === undefined || c < ' ') this.fail();
      if (c === '"') return void this.at++;
      if (c === '\\') {
        this.at++;
        const escape = this.text[this.at] ?? '';
        if (escape === 'u') {
          if (!/^[0-9A-Fa-f]{4}$/.test(this.text.slice(this.at + 1, this.at + 5))) this.fail();
          this.at += 4;
        } else if (!'"\\/bfnrt'.includes(escape) || escape === '') this.fail();
      }
      this.at++;
    }
  }

  private number(): void {
    NUMBER.lastIndex = this.at;
    if (!NUMBER.test(this.text)) this.fail();
    this.at = NUMBER.lastIndex;
  }

  private expect(c: string): void {
    if (this.text[this.at] !== c) this.fail();
    this.at++;
  }

  private whitespace(): void {
    while (' \t\n\r'.includes(this.text[this.at] ?? 'x')) this.at++;
  }

  private fail(): never {
    throw new Error('syntax');
  }
}

/** The position of the first syntax error, or undefined if `text` parses. */
export function jsonSyntaxErrorPosition(text: string): JsonPosition | undefined {
  const offset = new JsonScanner(text).firstError();
  if (offset === undefined) return undefined;
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1, offset };
}
