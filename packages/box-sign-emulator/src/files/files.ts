import type { Readable } from 'node:stream';
import { BoxApiError, notFound } from '../errors';
import type { EmulatorUser } from '../users';
import { BlobStore, type Blob } from './blob-store';
import { DownloadLinks } from './downloads';
import { FileStore } from './file-store';
import type { StoredBoxFile } from './model';
import { renderFileMini } from './render';
import { UploadSessions } from './upload-sessions';

export interface NewFile {
  name: string;
  parentId: string;
  owner: EmulatorUser;
  blob: Blob;
  origin: StoredBoxFile['origin'];
  signRequestId?: string;
}

/** Ids come from the same counter as the sign requests' files, so that no two files share one. */
export type FileIds = () => string;

/** The emulator's files: metadata, bytes on disk, upload sessions and download links. */
export class EmulatorFiles {
  readonly store = new FileStore();
  readonly blobs: BlobStore;
  readonly sessions: UploadSessions;
  readonly links: DownloadLinks;

  constructor(
    private readonly nextId: FileIds,
    private readonly nowMs: () => number,
    dir?: string,
  ) {
    this.blobs = new BlobStore(dir);
    this.sessions = new UploadSessions(this.blobs, nowMs);
    this.links = new DownloadLinks(nowMs);
  }

  add(file: NewFile): StoredBoxFile {
    const now = this.nowMs();
    return this.store.put({
      id: this.nextId(),
      name: file.name,
      parent_id: file.parentId,
      owner_id: file.owner.id,
      size: file.blob.size,
      sha1: file.blob.sha1,
      version_id: this.nextId(),
      created_at: now,
      modified_at: now,
      origin: file.origin,
      ...(file.signRequestId === undefined ? {} : { sign_request_id: file.signRequestId }),
    });
  }

  /** A file that is given its id elsewhere (a sign request's files), new or as a new version. */
  putVersion(id: string, versionId: string, file: NewFile): StoredBoxFile {
    const now = this.nowMs();
    const existing = this.store.find(id);
    return this.store.put({
      id,
      name: file.name,
      parent_id: file.parentId,
      owner_id: file.owner.id,
      size: file.blob.size,
      sha1: file.blob.sha1,
      version_id: versionId,
      created_at: existing?.created_at ?? now,
      modified_at: now,
      origin: file.origin,
      ...(file.signRequestId === undefined ? {} : { sign_request_id: file.signRequestId }),
    });
  }

  /** The acting user's file; another user's is not found, exactly as an id nobody has (Box: no access is a 404). */
  ownedBy(id: string, user: EmulatorUser): StoredBoxFile {
    const file = this.store.find(id);
    if (file === undefined || file.owner_id !== user.id) throw notFound(`Could not find the specified resource`);
    return file;
  }

  /** Box's 409 for a name taken in the folder, with the file holding it in `context_info.conflicts`. */
  refuseConflict(parentId: string, name: string, owner: EmulatorUser): void {
    const taken = this.store.conflict(parentId, name, owner.id);
    if (taken === undefined) return;
    throw new BoxApiError(409, 'item_name_in_use', 'Item with the same name already exists', {
      conflicts: renderFileMini(taken),
    });
  }

  read(file: StoredBoxFile, range?: { start: number; end: number }): Readable {
    return this.blobs.read(file.sha1, range);
  }

  snapshot(): StoredBoxFile[] {
    return this.store.snapshot();
  }

  restore(files: StoredBoxFile[] | undefined): void {
    this.store.restore(files);
  }

  reset(): void {
    this.store.clear();
    this.sessions.clear();
    this.links.clear();
    this.blobs.clear();
  }

  dispose(): void {
    this.blobs.dispose();
  }
}
