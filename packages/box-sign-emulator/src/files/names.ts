import { BoxApiError } from '../errors';

const MAX_NAME_LENGTH = 255;

/** Box's rules for a file name (common errors: `item_name_too_long`, `item_name_invalid`). */
export function checkFileName(name: string): void {
  if (name.length > MAX_NAME_LENGTH) throw new BoxApiError(400, 'item_name_too_long', 'Item name too long');
  // eslint-disable-next-line no-control-regex -- non-printable characters are what Box refuses
  const invalid = /[/\\\u0000-\u001f\u007f]/.test(name) || name !== name.trim() || name === '.' || name === '..';
  if (invalid) throw new BoxApiError(400, 'item_name_invalid', 'Item name invalid');
}
