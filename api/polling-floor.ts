import type { ValidationIssue } from '../contracts';
import { API_LIMIT_SETTINGS } from '../config/settings/api-limits';

const FIELDS = ['initialIntervalMs', 'maximumIntervalMs'] as const;

/**
 * The polling an API client asks for may not be faster than API_MIN_POLL_INTERVAL_MS: polls go to Box as the
 * request's sender, whose quota every client naming that sender shares. Fields the schema already refused are not
 * reported twice; a field left out keeps the workflow's default.
 */
export function pollingFloorIssues(
  body: unknown,
  schemaIssues: readonly ValidationIssue[],
  minPollIntervalMs: number,
): ValidationIssue[] {
  const polling = (body as { polling?: unknown } | null)?.polling;
  if (typeof polling !== 'object' || polling === null) return [];
  return FIELDS.flatMap((name) => {
    const field = `polling.${name}`;
    const value = (polling as Record<string, unknown>)[name];
    if (typeof value !== 'number' || value >= minPollIntervalMs) return [];
    if (schemaIssues.some((issue) => issue.field === field)) return [];
    return [
      {
        field,
        rule: `must be at least ${minPollIntervalMs} ms for API clients (${API_LIMIT_SETTINGS.API_MIN_POLL_INTERVAL_MS.name})`,
      },
    ];
  });
}
