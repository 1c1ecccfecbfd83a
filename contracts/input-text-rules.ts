/** Checks on text that a regular expression in the schema cannot say clearly. Pure: they run in workflow code. */

/**
 * Control, format (zero-width, bidirectional overrides and marks, BOM, soft hyphen…), line/paragraph separators and
 * the invisible fillers that Unicode classes as letters: none belongs in an e-mail address, and each can make two
 * addresses look alike.
 */
const HIDDEN_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0]|\u034F|\u17B4|\u17B5/u;

export function hasHiddenCharacters(text: string): boolean {
  return HIDDEN_CHARACTERS.test(text);
}

/** The tags Box keeps in `emailMessage` (box-sign-api.md §1.2); it strips the rest, and all styles. */
export const EMAIL_MESSAGE_TAGS = [
  'a',
  'abbr',
  'acronym',
  'b',
  'blockquote',
  'code',
  'em',
  'i',
  'ul',
  'li',
  'ol',
  'strong',
];

const ATTRIBUTES_BY_TAG: Record<string, string[]> = { a: ['href', 'title'], abbr: ['title'], acronym: ['title'] };
const TAG = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)((?:\s[^<>]*)?)>/;
const ATTRIBUTE = /([^\s=/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g;
const SAFE_HREF = /^(https?:|mailto:)/i;

export const EMAIL_MESSAGE_TAG_RULE = `may only use the HTML tags Box allows: ${EMAIL_MESSAGE_TAGS.join(', ')}`;
export const EMAIL_MESSAGE_ATTRIBUTE_RULE =
  'may only use the attributes href (http, https or mailto) on a and title on a, abbr and acronym: Box allows no styles';

/** The rule `emailMessage` breaks, if any. A `<` that starts no tag (`a < b`, `<3`) is text. */
export function emailMessageHtmlProblem(message: string): string | undefined {
  for (let at = message.indexOf('<'); at !== -1; at = message.indexOf('<', at + 1)) {
    const next = message[at + 1] ?? '';
    if (!/[A-Za-z/!?]/.test(next)) continue;
    const tag = TAG.exec(message.slice(at));
    if (!tag) return EMAIL_MESSAGE_TAG_RULE;
    const [, closing, rawName, rawAttributes] = tag;
    const name = (rawName ?? '').toLowerCase();
    if (!EMAIL_MESSAGE_TAGS.includes(name)) return EMAIL_MESSAGE_TAG_RULE;
    const attributes = (rawAttributes ?? '').replace(/\/\s*$/, '');
    if (closing && attributes.trim() !== '') return EMAIL_MESSAGE_ATTRIBUTE_RULE;
    if (!attributesAllowed(name, attributes)) return EMAIL_MESSAGE_ATTRIBUTE_RULE;
  }
  return undefined;
}

function attributesAllowed(tag: string, attributes: string): boolean {
  const allowed = ATTRIBUTES_BY_TAG[tag] ?? [];
  for (const [, rawName, rawValue] of attributes.matchAll(ATTRIBUTE)) {
    const name = (rawName ?? '').toLowerCase();
    if (!allowed.includes(name)) return false;
    if (name === 'href' && !SAFE_HREF.test((rawValue ?? '').replace(/^["']|["']$/g, '').trim())) return false;
  }
  return true;
}
