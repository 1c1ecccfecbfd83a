import { Busboy, type BusboyHeaders } from '@fastify/busboy';
import type { Readable } from 'node:stream';
import { BoxApiError, badRequest } from '../errors';
import { isRecord } from '../http';
import type { Blob } from './blob-store';

/** What the `attributes` part of an upload says. */
export interface UploadAttributes {
  name: string;
  parentId: string;
}

export interface ReceivedUpload {
  attributes: UploadAttributes;
  blob: Blob;
}

const ATTRIBUTES_LIMIT_BYTES = 64 * 1024;

export const metadataAfterFileContents = (): BoxApiError =>
  new BoxApiError(
    400,
    'metadata_after_file_contents',
    'Metadata is included after file contents in a file upload request.',
  );

/**
 * Reads Box's multipart upload as it streams: the `attributes` part (JSON `{name, parent: {id}}`) must come
 * before the `file` part (else Box's `400 metadata_after_file_contents`); `check` may refuse the attributes before
 * any byte of the file is kept; the file part streams to `write`. A file part larger than `maxBytes` is cut off by
 * the parser and refused with 413; nothing of it is kept.
 */
export function receiveMultipartUpload(
  headers: Record<string, string | string[] | undefined>,
  body: Readable,
  options: {
    maxBytes: number;
    check: (attributes: UploadAttributes) => void;
    write: (file: Readable) => Promise<Blob>;
  },
): Promise<ReceivedUpload> {
  return new Promise((resolve, reject) => {
    const type = headers['content-type'];
    if (typeof type !== 'string' || !/^multipart\/form-data\s*;/i.test(type)) {
      reject(badRequest("The request body must be multipart/form-data with an 'attributes' and a 'file' part"));
      body.resume();
      return;
    }
    let parser: InstanceType<typeof Busboy>;
    try {
      parser = new Busboy({
        headers: headers as BusboyHeaders,
        limits: { fileSize: options.maxBytes, fieldSize: ATTRIBUTES_LIMIT_BYTES, files: 2 },
      });
    } catch {
      reject(badRequest('The multipart body could not be read'));
      body.resume();
      return;
    }
    let attributesText: string | undefined;
    let attributes: UploadAttributes | undefined;
    let failure: unknown;
    let written: Promise<{ blob: Blob; truncated: () => boolean }> | undefined;

    parser.on('field', (name: string, value: string) => {
      if (name === 'attributes') attributesText = value;
    });
    parser.on('file', (name: string, stream) => {
      if (name === 'attributes') {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => (attributesText = Buffer.concat(chunks).toString('utf8')));
        return;
      }
      if (failure !== undefined || written !== undefined) {
        stream.resume();
        return;
      }
      try {
        if (attributesText === undefined) throw metadataAfterFileContents();
        attributes = parseAttributes(attributesText);
        options.check(attributes);
      } catch (error) {
        failure = error;
        stream.resume();
        return;
      }
      written = options.write(stream).then((blob) => ({ blob, truncated: () => stream.truncated }));
      written.catch(() => undefined);
    });
    parser.on('error', () => {
      failure ??= badRequest('The multipart body could not be read');
      reject(asError(failure));
    });
    parser.on('finish', () => {
      if (failure !== undefined) {
        reject(asError(failure));
        return;
      }
      if (written === undefined || attributes === undefined) {
        reject(badRequest(attributesText === undefined ? "Missing 'attributes' part" : "Missing 'file' part"));
        return;
      }
      const named = attributes;
      written.then(({ blob, truncated }) => {
        if (truncated()) {
          reject(
            new BoxApiError(
              413,
              'request_entity_too_large',
              `Request Entity too Large: a direct upload takes at most ${options.maxBytes} bytes; use an upload session`,
            ),
          );
          return;
        }
        resolve({ attributes: named, blob });
      }, reject);
    });
    body.pipe(parser);
  });
}

function parseAttributes(text: string): UploadAttributes {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest("'attributes' must be a JSON object");
  }
  if (!isRecord(value)) throw badRequest("'attributes' must be a JSON object");
  const { name, parent } = value;
  if (typeof name !== 'string' || name.trim() === '') throw badRequest("'attributes.name' must be a non-empty string");
  if (!isRecord(parent) || typeof parent.id !== 'string' || !/^\d+$/.test(parent.id)) {
    throw badRequest("'attributes.parent.id' must be a folder id");
  }
  return { name, parentId: parent.id };
}

const asError = (value: unknown): Error => (value instanceof Error ? value : new Error(String(value)));
