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

export function validateSignRequestInput(input: unknown, options: ValidateOptions = {}): ValidationIssue[] {
  const { now } = options;
  const schema =
    now === undefined ? signRequestInputSchema : createSignRequestInputSchema({ now: () => now.getTime() });
  const result = schema.safeParse(input);
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
