import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import type { BoxUploadApi } from '../box/upload-api';
import { loadBoxConfig } from '../box/config';
import { createBoxSignClient } from '../box/sign-client';
import { loadAllowedSenders } from '../config/allowed-senders';
import { loadDocumentMaxBytes } from '../config/document-limits';
import { InvalidDocumentRequestError } from '../documents/errors';
import { mediaTypeOfName } from '../documents/media-types';
import { checkDocumentRequest } from '../documents/rules';
import type { MeasuredDocument } from '../documents/spool';
import { measureDocumentFile, spoolDocument } from '../documents/spool';
import type { UploadedDocument } from '../documents/upload';
import { uploadMeasuredDocument } from '../documents/upload';

export type { UploadedDocument };

export interface UploadDocumentOptions {
  /** A path on disk, or a stream of the document's bytes (then `name` is required). */
  file: string | Readable;
  /** The file name in Box; default: the path's base name. Its extension must be its type's (e.g. `.pdf`). */
  name?: string;
  /** The Box folder it goes into (the request's `parentFolder.id`, typically). */
  folderId: string;
  /** Uploaded as this Box user (`as-user`): the request's sender; absent: the default identity. */
  senderBoxUserId?: string;
  /** Default: from the name's extension. */
  contentType?: string;
  /** Box's upload API; default: a Box client from the BOX_* settings (box/config.ts). */
  box?: BoxUploadApi;
  /** The senders it may name; default BOX_SIGN_ALLOWED_SENDERS. */
  allowedSenders?: readonly string[];
  /** Default DOCUMENT_MAX_BYTES. */
  maxBytes?: number;
}

/**
 * Puts a document into a Box folder for signing, as the API's POST /v1/documents does: the same rules, the same
 * content-md5 guard, chunked above 50 MB, and the same bytes under the same name answered with the existing file
 * (`created: false`, nothing uploaded again). Give the `fileId` as `sourceFiles[].id`. Throws
 * InvalidDocumentRequestError, DocumentTooLargeError, DocumentNameTakenError (documents/errors) or a BoxApiError.
 */
export async function uploadDocument(options: UploadDocumentOptions): Promise<UploadedDocument> {
  const name = options.name ?? (typeof options.file === 'string' ? basename(options.file) : undefined);
  const check = checkDocumentRequest(
    {
      name,
      folderId: options.folderId,
      senderBoxUserId: options.senderBoxUserId,
      contentType: options.contentType ?? (name === undefined ? undefined : mediaTypeOfName(name)),
    },
    { deployment: options.allowedSenders ?? loadAllowedSenders() },
  );
  if (!check.ok) throw new InvalidDocumentRequestError(check.issues);
  const maxBytes = options.maxBytes ?? loadDocumentMaxBytes();
  const box = options.box ?? createBoxSignClient(loadBoxConfig());
  if (typeof options.file === 'string') {
    return uploadMeasuredDocument(box, check.target, await measureDocumentFile(options.file, maxBytes));
  }
  const spooled = await spoolDocument(options.file, maxBytes);
  try {
    return await uploadMeasuredDocument(box, check.target, spooled satisfies MeasuredDocument);
  } finally {
    await spooled.remove();
  }
}
