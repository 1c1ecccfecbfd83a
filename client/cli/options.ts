import { InvalidArgumentError, Option } from 'commander';
import { IN_PROGRESS_STATUSES, OUTCOME_STATUSES, isErrorStatus } from '../../contracts';

/** The same --json on every command that prints something. */
export function jsonOption(): Option {
  return new Option('--json', 'print JSON instead of text');
}

export function positiveWholeNumber(raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new InvalidArgumentError('must be a positive whole number');
  return value;
}

/** Box's sign-request statuses (contracts), the error_* family included. */
export const BOX_STATUSES = [...IN_PROGRESS_STATUSES, ...OUTCOME_STATUSES, 'error', 'error_*'] as const;

export function boxStatus(raw: string): string {
  const known =
    (IN_PROGRESS_STATUSES as readonly string[]).includes(raw) || (OUTCOME_STATUSES as readonly string[]).includes(raw);
  if (known || (isErrorStatus(raw) && /^[a-z_]+$/.test(raw))) return raw;
  throw new InvalidArgumentError(`must be one of ${BOX_STATUSES.join(', ')}`);
}
