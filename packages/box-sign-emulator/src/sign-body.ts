import { ControlError } from './errors';
import { isRecord } from './http';
import type { SignerInput } from './model';

/** At most this many attachments per signature, each at most this large (decoded). */
export const MAX_ATTACHMENTS = 10;
export const MAX_ATTACHMENT_BYTES = 4 * 1024 * 1024;

const TYPES = ['text', 'checkbox', 'date'] as const;
/** Box's `SignRequestSignerInput.content_type` values. */
const CONTENT_TYPES = [
  'signature',
  'initial',
  'stamp',
  'date',
  'checkbox',
  'text',
  'full_name',
  'first_name',
  'last_name',
  'company',
  'title',
  'email',
  'attachment',
  'radio',
  'dropdown',
];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface SignBody {
  inputs: SignerInput[];
  attachments: { name: string; bytes: Buffer }[];
}

const invalid = (message: string): ControlError => new ControlError(400, { error: 'invalid_body', message });

/**
 * The control API's `sign` body: `{inputs?: [{type, text_value | checkbox_value | date_value, document_tag_id?,
 * content_type?, page_index?}], attachments?: [{name, content_base64}]}`, both optional.
 */
export function parseSignBody(raw: Record<string, unknown>): SignBody {
  const { inputs = [], attachments = [] } = raw;
  if (!Array.isArray(inputs)) throw invalid("'inputs' must be an array");
  if (!Array.isArray(attachments)) throw invalid("'attachments' must be an array");
  if (attachments.length > MAX_ATTACHMENTS) throw invalid(`'attachments' takes at most ${MAX_ATTACHMENTS} files`);
  return {
    inputs: inputs.map((input, i) => parseInput(input, `inputs[${i}]`)),
    attachments: attachments.map((attachment, i) => parseAttachment(attachment, `attachments[${i}]`)),
  };
}

function parseInput(raw: unknown, field: string): SignerInput {
  if (!isRecord(raw)) throw invalid(`'${field}' must be an object`);
  const type = raw.type;
  if (typeof type !== 'string' || !(TYPES as readonly string[]).includes(type)) {
    throw invalid(`'${field}.type' must be one of ${TYPES.join(', ')}`);
  }
  const contentType = raw.content_type ?? type;
  if (typeof contentType !== 'string' || !CONTENT_TYPES.includes(contentType)) {
    throw invalid(`'${field}.content_type' must be one of Box's content types`);
  }
  const pageIndex = raw.page_index ?? 0;
  if (typeof pageIndex !== 'number' || !Number.isInteger(pageIndex) || pageIndex < 0) {
    throw invalid(`'${field}.page_index' must be a non-negative integer`);
  }
  const tag = raw.document_tag_id ?? null;
  if (tag !== null && typeof tag !== 'string') throw invalid(`'${field}.document_tag_id' must be a string`);
  const input: SignerInput = {
    document_tag_id: tag,
    text_value: null,
    checkbox_value: null,
    date_value: null,
    type: type as SignerInput['type'],
    content_type: contentType,
    page_index: pageIndex,
    read_only: false,
  };
  if (type === 'text') {
    if (typeof raw.text_value !== 'string') throw invalid(`'${field}.text_value' must be a string`);
    input.text_value = raw.text_value;
  } else if (type === 'checkbox') {
    if (typeof raw.checkbox_value !== 'boolean') throw invalid(`'${field}.checkbox_value' must be a boolean`);
    input.checkbox_value = raw.checkbox_value;
  } else {
    if (typeof raw.date_value !== 'string' || !DATE.test(raw.date_value)) {
      throw invalid(`'${field}.date_value' must be a date (YYYY-MM-DD)`);
    }
    input.date_value = raw.date_value;
  }
  return input;
}

function parseAttachment(raw: unknown, field: string): { name: string; bytes: Buffer } {
  if (!isRecord(raw)) throw invalid(`'${field}' must be an object`);
  const { name, content_base64: content } = raw;
  if (typeof name !== 'string' || name.trim() === '' || /[/\\]/.test(name) || name.length > 255) {
    throw invalid(`'${field}.name' must be a file name`);
  }
  if (typeof content !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(content.replace(/\s/g, ''))) {
    throw invalid(`'${field}.content_base64' must be base64`);
  }
  const bytes = Buffer.from(content, 'base64');
  if (bytes.length > MAX_ATTACHMENT_BYTES) throw invalid(`'${field}' must be at most ${MAX_ATTACHMENT_BYTES} bytes`);
  return { name, bytes };
}
