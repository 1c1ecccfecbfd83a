/**
 * Redaction applied by the logger itself, whatever the call site passes: values under sensitive keys, and in
 * any text e-mail addresses, phone numbers, bearer tokens and `key: value` / `"key":"value"` pairs with a
 * sensitive key (a Box error message may echo the request it refused).
 */

export const REDACTED = '[REDACTED]';

const SENSITIVE_KEY = /password|secret|token|authorization|cookie|api_?key|phone|email/i;
const SENSITIVE_KEY_NAMES = String.raw`[\w-]*(?:password|secret|token|authorization|cookie|api_?key|phone|email)[\w-]*`;

const KEYED_PAIR = new RegExp(
  String.raw`((?:\\?["'])?\b${SENSITIVE_KEY_NAMES}(?:\\?["'])?\s*[:=]\s*)(\\?"(?:[^"\\]|\\[^"])*\\?"|'[^']*'|[^\s,;&}\]]+)`,
  'gi',
);
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** E.164 (+ and 7-15 digits, separators allowed) and national numbers written with separators. */
const PHONE = /\+\d(?:[\s.()-]*\d){6,14}|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b/g;

export function redactText(text: string): string {
  return text
    .replace(BEARER, (_match, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(KEYED_PAIR, (_match, prefix: string) => `${prefix}${REDACTED}`)
    .replace(EMAIL, REDACTED)
    .replace(PHONE, REDACTED);
}

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key);
}

const MAX_DEPTH = 8;

/** A JSON-safe copy of `value` with every sensitive part replaced. Errors become `{ name, message, … }`. */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? String(value) : value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[truncated]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
  const source = value instanceof Error ? errorFields(value) : (value as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(source)) {
    if (typeof item === 'function') continue;
    out[key] = isSensitiveKey(key) && item !== null && item !== undefined ? REDACTED : redact(item, depth + 1, seen);
  }
  return out;
}

function errorFields(error: Error): Record<string, unknown> {
  return { ...error, name: error.name, message: error.message, stack: error.stack, cause: error.cause };
}
