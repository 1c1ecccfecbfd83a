import type { StoredBoxFile } from './model';

const ROOT_FOLDER = '0';

/** The files' metadata, by id; names are unique per folder (case-insensitively, as Box's). */
export class FileStore {
  private files = new Map<string, StoredBoxFile>();

  find(id: string): StoredBoxFile | undefined {
    return this.files.get(id);
  }

  /**
   * The file already named `name` in `parentId`, if any. Box's root folder `0` is each user's own, so there the
   * owner counts too.
   */
  conflict(parentId: string, name: string, ownerId: string): StoredBoxFile | undefined {
    const wanted = name.toLowerCase();
    for (const file of this.files.values()) {
      if (file.parent_id !== parentId || file.name.toLowerCase() !== wanted) continue;
      if (parentId === ROOT_FOLDER && file.owner_id !== ownerId) continue;
      if (file.origin !== 'upload') continue;
      return file;
    }
    return undefined;
  }

  put(file: StoredBoxFile): StoredBoxFile {
    this.files.set(file.id, file);
    return file;
  }

  list(): StoredBoxFile[] {
    return [...this.files.values()];
  }

  snapshot(): StoredBoxFile[] {
    return this.list();
  }

  restore(files: StoredBoxFile[] | undefined): void {
    this.files = new Map((files ?? []).map((f) => [f.id, f]));
  }

  clear(): void {
    this.files.clear();
  }
}
