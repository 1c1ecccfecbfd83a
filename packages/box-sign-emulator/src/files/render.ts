import type { EmulatorUser } from '../users';
import type { StoredBoxFile } from './model';

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const ROOT = { type: 'folder', id: '0', sequence_id: null, etag: null, name: 'All Files' } as const;

function folderMini(id: string): Record<string, unknown> {
  return id === '0' ? ROOT : { type: 'folder', id, sequence_id: '0', etag: '0', name: `Folder ${id}` };
}

function userMini(user: EmulatorUser): Record<string, unknown> {
  return { type: 'user', id: user.id, name: user.name, login: user.login };
}

/** Box's `File--Mini`, as a conflict's `context_info.conflicts` carries it. */
export function renderFileMini(file: StoredBoxFile): Record<string, unknown> {
  return {
    type: 'file',
    id: file.id,
    etag: '0',
    sequence_id: '0',
    name: file.name,
    sha1: file.sha1,
    file_version: { type: 'file_version', id: file.version_id, sha1: file.sha1 },
  };
}

/** Box's `File--Full` (the standard fields), as `GET /files/{id}` and the upload answers give it. */
export function renderFile(file: StoredBoxFile, owner: EmulatorUser): Record<string, unknown> {
  const parent = folderMini(file.parent_id);
  return {
    ...renderFileMini(file),
    description: '',
    size: file.size,
    path_collection: {
      total_count: file.parent_id === '0' ? 1 : 2,
      entries: file.parent_id === '0' ? [ROOT] : [ROOT, parent],
    },
    created_at: iso(file.created_at),
    modified_at: iso(file.modified_at),
    trashed_at: null,
    purged_at: null,
    content_created_at: iso(file.created_at),
    content_modified_at: iso(file.modified_at),
    created_by: userMini(owner),
    modified_by: userMini(owner),
    owned_by: userMini(owner),
    shared_link: null,
    parent,
    item_status: 'active',
  };
}

/** Box's `Files`: what an upload (direct or committed session) answers. */
export function renderFiles(file: StoredBoxFile, owner: EmulatorUser): Record<string, unknown> {
  return { total_count: 1, entries: [renderFile(file, owner)] };
}
