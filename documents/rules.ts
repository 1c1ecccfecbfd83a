import type { ValidationIssue } from '../contracts';
import type { SenderPolicy } from '../contracts/allowed-senders';
import { senderIssue } from '../contracts/allowed-senders';
import type { DocumentMediaType } from './media-types';
import { ACCEPTED_MEDIA_TYPES, DOCUMENT_EXTENSIONS, documentMediaType } from './media-types';

/** Box's limit on a file name, in characters. */
export const MAX_DOCUMENT_NAME = 255;

/** What an upload is asked for, as it arrives (query parameters, command-line flags): not yet checked. */
export interface DocumentRequest {
  name?: string | undefined;
  folderId?: string | undefined;
  senderBoxUserId?: string | undefined;
  contentType?: string | undefined;
}

/** A checked upload request. */
export interface DocumentTarget {
  name: string;
  folderId: string;
  /** The `as-user` of every Box call of the upload; absent: the deployment's default identity. */
  senderBoxUserId?: string;
  mediaType: DocumentMediaType;
}

export type DocumentCheck = { ok: true; target: DocumentTarget } | { ok: false; issues: ValidationIssue[] };

// Box refuses `/` and `\` in names, names of only dots, and leading or trailing spaces; control characters too.
// eslint-disable-next-line no-control-regex
const NAME_FORBIDDEN = /[/\\\u0000-\u001f\u007f]/;

/** The spaces String.prototype.trim removes that no control-character range above covers, as pattern escapes. */
const TRIMMED_SPACES = ' \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';

/** The name rules as one pattern, for the OpenAPI document (the checks below say which rule broke). */
export const DOCUMENT_NAME_PATTERN =
  `^[^/\\\\\\u0000-\\u001f\\u007f${TRIMMED_SPACES}][^/\\\\\\u0000-\\u001f\\u007f]{0,${MAX_DOCUMENT_NAME - 6}}` +
  `\\.(${DOCUMENT_EXTENSIONS.map((ext) => ext.slice(1)).join('|')})$`;
const BOX_ID = /^\d{1,20}$/;

/**
 * Every rule of an upload, all reported at once, before any Box call (field and rule, never the value): the name
 * (Box's rules, and an extension of the content type's), the folder id, the sender (the same lists as a request's
 * `sender`) and the content type (one Box Sign accepts).
 */
export function checkDocumentRequest(request: DocumentRequest, senders: SenderPolicy): DocumentCheck {
  const issues: ValidationIssue[] = [];
  const mediaType = documentMediaType(request.contentType);
  if (mediaType === undefined) {
    issues.push({
      field: 'Content-Type',
      rule: `must be one of the types Box Sign accepts: ${ACCEPTED_MEDIA_TYPES.join(', ')}`,
    });
  }
  const nameRule = nameProblem(request.name);
  if (nameRule !== null) issues.push({ field: 'name', rule: nameRule });
  if (request.folderId === undefined || !BOX_ID.test(request.folderId)) {
    issues.push({ field: 'folderId', rule: 'must be a Box folder id (digits)' });
  }
  const sender = request.senderBoxUserId;
  if (sender !== undefined) {
    if (!BOX_ID.test(sender)) issues.push({ field: 'senderBoxUserId', rule: 'must be a Box user id (digits)' });
    else {
      const refused = senderIssue({ sender: { boxUserId: sender } }, senders);
      if (refused !== null) issues.push({ field: 'senderBoxUserId', rule: refused.rule });
    }
  }
  if (issues.length > 0 || mediaType === undefined) return { ok: false, issues };
  const target: DocumentTarget = { name: request.name ?? '', folderId: request.folderId ?? '', mediaType };
  if (sender !== undefined) target.senderBoxUserId = sender;
  return { ok: true, target };
}

function nameProblem(name: string | undefined): string | null {
  if (name === undefined || name === '') return 'is required: the file name the document gets in Box';
  if (name.length > MAX_DOCUMENT_NAME) return `must be at most ${MAX_DOCUMENT_NAME} characters`;
  if (NAME_FORBIDDEN.test(name)) return 'must not contain / or \\ or control characters';
  if (/^\.+$/.test(name) || name.trim() !== name) return 'must not be only dots, nor start or end with a space';
  if (!DOCUMENT_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext))) {
    return `must end with an extension Box Sign converts (${DOCUMENT_EXTENSIONS.join(', ')}): Box goes by the name`;
  }
  return null;
}
