import type { EmulatorUser } from './users';

/** The standard fields of Box's `User` for GET /2.0/users/me. */
const USER_FIELDS = ['type', 'id', 'name', 'login', 'created_at', 'modified_at', 'language', 'timezone', 'status'];

/**
 * `GET /2.0/users/me`: the acting user (the `as-user`, else the authenticated one), as Box's `User`. With `fields`, Box answers only those
 * plus `type` and `id` (the mini representation's base); unknown names are left out.
 */
export function renderCurrentUser(acting: EmulatorUser, fields: string | null): Record<string, unknown> {
  const user: Record<string, unknown> = {
    type: 'user',
    id: acting.id,
    name: acting.name,
    login: acting.login,
    created_at: '2024-01-01T00:00:00Z',
    modified_at: '2024-01-01T00:00:00Z',
    language: 'en',
    timezone: 'UTC',
    status: 'active',
  };
  if (fields === null || fields.trim() === '') return user;
  const wanted = new Set(['type', 'id', ...fields.split(',').map((field) => field.trim())]);
  return Object.fromEntries(USER_FIELDS.filter((field) => wanted.has(field)).map((field) => [field, user[field]]));
}
