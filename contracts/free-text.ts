/**
 * Free text a person reads (a request's name, e-mail subject and message, the sender-system name, prefill text, a
 * cancel reason…) refuses the characters that make text lie about itself: C0/C1 controls, bidirectional marks,
 * embeddings, overrides and isolates (the "Trojan Source" reordering), line/paragraph separators, the byte-order
 * mark and the invisible word joiner and operators. Multi-line fields keep tab and line breaks. Zero-width
 * (non-)joiners stay allowed: Persian and Indic writing and emoji sequences need them. Pure: runs in workflow code.
 */
const CONTROL = /\p{Cc}/u;
const CONTROL_EXCEPT_LINE_BREAKS = /(?![\t\n\r])\p{Cc}/u;
const BIDI_AND_INVISIBLE = /[\u061C\u200B\u200E\u200F\u202A-\u202E\u2028\u2029\u2060-\u2064\u2066-\u2069\uFEFF]/u;

export const SINGLE_LINE_TEXT_RULE =
  'must not contain control characters (line breaks included) or bidirectional or invisible formatting characters';
export const MULTI_LINE_TEXT_RULE =
  'must not contain control characters (other than tab and line breaks) or bidirectional or invisible formatting characters';

/** The rule the text breaks, or undefined. */
export function freeTextProblem(text: string, lines: 'single-line' | 'multi-line' = 'single-line'): string | undefined {
  if (BIDI_AND_INVISIBLE.test(text)) return lines === 'single-line' ? SINGLE_LINE_TEXT_RULE : MULTI_LINE_TEXT_RULE;
  if (lines === 'single-line') return CONTROL.test(text) ? SINGLE_LINE_TEXT_RULE : undefined;
  return CONTROL_EXCEPT_LINE_BREAKS.test(text) ? MULTI_LINE_TEXT_RULE : undefined;
}

/** A cancel's reason, which Box records: multi-line free text of at most this many characters. */
export const CANCEL_REASON_MAX = 1_000;

export function cancelReasonProblem(reason: unknown): string | undefined {
  if (reason === undefined) return undefined;
  if (typeof reason !== 'string') return 'reason must be a string';
  if (reason.length > CANCEL_REASON_MAX) return `reason must be at most ${CANCEL_REASON_MAX} characters`;
  const problem = freeTextProblem(reason, 'multi-line');
  return problem === undefined ? undefined : `reason ${problem}`;
}
