/** A file in the emulator's Box (persisted metadata; the bytes are a blob named by `sha1`, see blob-store.ts). */
export interface StoredBoxFile {
  id: string;
  name: string;
  parent_id: string;
  /** The owning user's id: uploads belong to the acting user, a request's files to its sender. */
  owner_id: string;
  size: number;
  sha1: string;
  /** The current version's id (Box's `file_version.id`); a new version gets a new one. */
  version_id: string;
  created_at: number;
  modified_at: number;
  /** What made it: an upload, or a sign request (its signed copies, signing log and signers' attachments). */
  origin: 'upload' | 'sign_file' | 'signing_log' | 'attachment';
  /** For the files a sign request made: that request's id. */
  sign_request_id?: string;
}

export interface PersistedFiles {
  files: StoredBoxFile[];
}
