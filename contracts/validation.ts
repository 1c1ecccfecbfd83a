import type { z } from 'zod';
import type { ValidationIssue } from './errors';
import { createSignRequestInputSchema, signRequestInputSchema } from './sign-request-schema';

/**
 * Validation with the one schema: the client and the CLI up front (before starting anything), the API on each body,
 * the workflow authoritatively (behind the strict-input-schema patch). Issues name the field and the rule, never
 * the value, because values may be phone numbers or passwords.
 */

export interface ValidateOptions {
  /** When the request is started: a deadline at or before it has passed. Default: now. */
  now?: Date;
}

/** The time the deadline rule of `schemaAsOf` compares with, set only for the length of one (synchronous) parse. */
let validatingAsOf: number | undefined;

/**
 * The one schema, with its clock read from `validatingAsOf`: built once, because building and compiling it costs
 * milliseconds, which the worker would otherwise pay on every request it validates as of its start time.
 */
const schemaAsOf = createSignRequestInputSchema({ now: () => validatingAsOf ?? Date.now() });

export function validateSignRequestInput(input: unknown, options: ValidateOptions = {}): ValidationIssue[] {
  const { now } = options;
  if (now === undefined) return issuesOf(signRequestInputSchema.safeParse(input));
  validatingAsOf = now.getTime();
  try {
    return issuesOf(schemaAsOf.safeParse(input));
  } finally {
    validatingAsOf = undefined;
  }
}

function issuesOf(result: { success: true } | { success: false; error: z.ZodError }): ValidationIssue[] {
  return result.success ? [] : validationIssuesFromZod(result.error);
}

type ZodIssues = z.ZodError | readonly z.core.$ZodIssue[];

/** A zod error (or its issues, as fastify-type-provider-zod hands them over) as issues: `{ field, rule }` each. */
export function validationIssuesFromZod(error: ZodIssues): ValidationIssue[] {
  const issues = 'issues' in error ? error.issues : error;
  return issues.flatMap((issue): ValidationIssue[] => {
    const at = fieldPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: joinField(at, key), rule: 'is not a known field' }));
    }
    return [{ field: at || 'input', rule: issue.message }];
  });
}

/** `['signers', 1, 'email']` → `signers[1].email`; the root is ''. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((field, part) => {
    if (typeof part === 'number') return `${field}[${part}]`;
    return joinField(field, String(part));
  }, '');
}

function joinField(field: string, key: string): string {
  return field === '' ? key : `${field}.${key}`;
}
