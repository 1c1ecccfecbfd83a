import { freeTextProblem } from './free-text';
import { hasHiddenCharacters } from './input-text-rules';

/**
 * The text rules as JSON Schema `pattern`s, for the published documents (validation stays with free-text.ts and
 * input-text-rules.ts): a class of the refused characters, built from those rules over the Basic Multilingual Plane
 * and written as \uXXXX ranges, which ECMA-262 and Python read alike. Refused characters beyond it (a few format
 * characters) are not stated.
 */
function refusedClass(refuses: (char: string) => boolean): string {
  const ranges: [number, number][] = [];
  for (let code = 0; code <= 0xffff; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    if (!refuses(String.fromCharCode(code))) continue;
    const last = ranges[ranges.length - 1];
    if (last !== undefined && last[1] === code - 1) last[1] = code;
    else ranges.push([code, code]);
  }
  const hex = (code: number) => `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return ranges.map(([from, to]) => (from === to ? hex(from) : `${hex(from)}-${hex(to)}`)).join('');
}

let cache: { singleLine: string; multiLine: string; hidden: string } | undefined;

function classes() {
  cache ??= {
    singleLine: refusedClass((c) => freeTextProblem(c, 'single-line') !== undefined),
    multiLine: refusedClass((c) => freeTextProblem(c, 'multi-line') !== undefined),
    hidden: refusedClass((c) => hasHiddenCharacters(c)),
  };
  return cache;
}

/** Free text without the characters free-text.ts refuses. */
export function freeTextPattern(lines: 'single-line' | 'multi-line'): string {
  return `^[^${lines === 'single-line' ? classes().singleLine : classes().multiLine}]*$`;
}

/** An e-mail address (the input's shape: local@domain.tld) without hidden characters. */
export function emailPattern(): string {
  const visible = `[^\\s@${classes().hidden}]`;
  const label = `[^\\s@.${classes().hidden}]`;
  return `^${visible}+@${label}+(\\.${label}+)+$`;
}
