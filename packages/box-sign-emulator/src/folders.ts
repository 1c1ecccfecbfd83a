import { ControlError } from './errors';

const ROOT = '0';
const MAX_DEPTH = 1000;

/**
 * The little of Box's folder tree the emulator needs: which folder is inside which, so that a folder webhook
 * cascades to the requests filed in its subfolders, as Box's do. Folders are known by id only; a folder nobody
 * declared a parent for sits directly under the root. Declared through the control API (`PUT /_emulator/folders/{id}`).
 */
export class FolderTree {
  private parents = new Map<string, string>();

  /** Puts `id` inside `parentId` (`0`: the root); 400 for ids that are not Box ids, 409 for a cycle. */
  setParent(id: string, parentId: string): void {
    const invalid = (message: string) => new ControlError(400, { error: 'invalid_folder', message });
    if (!/^\d+$/.test(id) || id === ROOT) throw invalid('the folder id must be digits, and not the root folder 0');
    if (!/^\d+$/.test(parentId)) throw invalid("'parent_id' must be a folder id (digits; 0 for the root)");
    if (this.path(parentId).includes(id)) {
      throw new ControlError(409, { error: 'folder_cycle', message: `folder ${parentId} is inside folder ${id}` });
    }
    if (parentId === ROOT) this.parents.delete(id);
    else this.parents.set(id, parentId);
  }

  /** The folder and every folder it is inside, nearest first, the root excluded. */
  path(id: string): string[] {
    const path: string[] = [];
    for (let at: string | undefined = id; at !== undefined && at !== ROOT && path.length < MAX_DEPTH;) {
      path.push(at);
      at = this.parents.get(at);
    }
    return path;
  }

  list(): { id: string; parent_id: string }[] {
    return [...this.parents].map(([id, parent_id]) => ({ id, parent_id }));
  }

  snapshot(): Record<string, string> {
    return Object.fromEntries(this.parents);
  }

  restore(parents: Record<string, string> | undefined): void {
    this.parents = new Map(Object.entries(parents ?? {}));
  }

  clear(): void {
    this.parents.clear();
  }
}
