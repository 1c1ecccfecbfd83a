/**
 * Box's files JSON as Box sends it (snake_case), for uploads: #/components/schemas/File--Full, UploadSession,
 * UploadPart, ConflictError. Open like the Sign models: Box adds fields without notice.
 */

/** The fields of an uploaded or conflicting file this product reads. */
export interface BoxFile {
  type: 'file';
  id: string;
  name?: string;
  size?: number;
  /** Hex SHA-1 of the content (Box documents it upper- or lower-case). */
  sha1?: string;
  [key: string]: unknown;
}

/** POST /files/upload_sessions → 201. */
export interface BoxUploadSession {
  type: 'upload_session';
  id: string;
  part_size: number;
  total_parts: number;
  [key: string]: unknown;
}

/** One part as Box acknowledged it, sent back unchanged on commit. */
export interface BoxUploadPart {
  part_id: string;
  offset: number;
  size: number;
  sha1?: string;
  [key: string]: unknown;
}
