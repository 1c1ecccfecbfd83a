/**
 * The document types Box Sign accepts as source files (box-sign-api.md §1.1: documents, presentations,
 * png/jpg/jpeg/tiff images, csv/txt), by media type, with the file extensions Box recognises them by: Box converts
 * each file to PDF from its name, so a document's name must end with an extension of its type.
 */
export const DOCUMENT_MEDIA_TYPES = {
  'application/pdf': ['.pdf'],
  'application/msword': ['.doc'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['.docx'],
  'application/vnd.oasis.opendocument.text': ['.odt'],
  'application/rtf': ['.rtf'],
  'application/vnd.ms-powerpoint': ['.ppt'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['.pptx'],
  'application/vnd.ms-excel': ['.xls'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/tiff': ['.tif', '.tiff'],
  'text/plain': ['.txt'],
  'text/csv': ['.csv'],
} as const satisfies Record<string, readonly string[]>;

export type DocumentMediaType = keyof typeof DOCUMENT_MEDIA_TYPES;

export const ACCEPTED_MEDIA_TYPES = Object.keys(DOCUMENT_MEDIA_TYPES) as DocumentMediaType[];

/** `application/pdf; charset=x` → `application/pdf` when it is one Box Sign accepts, else undefined. */
export function documentMediaType(contentType: string | undefined): DocumentMediaType | undefined {
  const essence = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return essence in DOCUMENT_MEDIA_TYPES ? (essence as DocumentMediaType) : undefined;
}

/** The type a file name's extension says (for uploads from a path, where no Content-Type is given). */
export function mediaTypeOfName(name: string): DocumentMediaType | undefined {
  const lower = name.toLowerCase();
  return ACCEPTED_MEDIA_TYPES.find((type) => DOCUMENT_MEDIA_TYPES[type].some((ext) => lower.endsWith(ext)));
}
