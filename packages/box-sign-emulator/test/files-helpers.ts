import { createHash, randomBytes } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { DEV_TOKEN, type EmulatorUnderTest, type Json } from './helpers';

export const sha1 = (bytes: Uint8Array): string => createHash('sha1').update(bytes).digest('hex');
export const sha1Base64 = (bytes: Uint8Array): string => createHash('sha1').update(bytes).digest('base64');

export interface Part {
  name: string;
  /** A file part when given. */
  filename?: string;
  contentType?: string;
  data: string | Uint8Array;
}

/** A multipart/form-data body with the parts in the order given (the order is what Box checks). */
export function multipart(parts: Part[]): { body: Buffer; contentType: string } {
  const boundary = `----emulator-test-${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    const type = part.contentType === undefined ? '' : `content-type: ${part.contentType}\r\n`;
    chunks.push(Buffer.from(`--${boundary}\r\ncontent-disposition: ${disposition}\r\n${type}\r\n`));
    chunks.push(Buffer.from(part.data));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export interface RawReply {
  status: number;
  headers: Headers;
  body: Json;
}

/** A call to the emulator's upload base (`/api/2.0`, upload.box.com's) with raw bytes. */
export async function uploadCall(
  emu: EmulatorUnderTest,
  method: string,
  path: string,
  body: Uint8Array | string | undefined,
  headers: Record<string, string> = {},
): Promise<RawReply> {
  const res = await fetch(`${emu.url}/api/2.0${path}`, {
    method,
    headers: { authorization: `Bearer ${DEV_TOKEN}`, ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
}

/** Box's direct upload: attributes first, then the file. */
export function upload(
  emu: EmulatorUnderTest,
  name: string,
  bytes: Uint8Array,
  options: { parentId?: string; headers?: Record<string, string> } = {},
): Promise<RawReply> {
  const { body, contentType } = multipart([
    { name: 'attributes', data: JSON.stringify({ name, parent: { id: options.parentId ?? '0' } }) },
    { name: 'file', filename: name, contentType: 'application/octet-stream', data: bytes },
  ]);
  return uploadCall(emu, 'POST', '/files/content', body, { 'content-type': contentType, ...options.headers });
}

/** What the tests read of an uploaded file (Box's `File`). */
export interface UploadedFile {
  id: string;
  name: string;
  sha1: string;
  size: number;
  owned_by: { id: string; login: string };
  [field: string]: unknown;
}

/** An upload that must succeed: its file. */
export async function uploadFile(
  emu: EmulatorUnderTest,
  name: string,
  bytes: Uint8Array,
  options: { parentId?: string; headers?: Record<string, string> } = {},
): Promise<UploadedFile> {
  const res = await upload(emu, name, bytes, options);
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { entries: UploadedFile[] }).entries[0]!;
}

/** `GET /2.0/files/{id}/content` without following the redirect. */
export async function contentCall(
  emu: EmulatorUnderTest,
  fileId: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${emu.url}/2.0/files/${fileId}/content`, {
    headers: { authorization: `Bearer ${DEV_TOKEN}`, ...headers },
    redirect: 'manual',
  });
}

/** Downloads a file through the redirect, as a client following it would (the download link needs no token). */
export async function download(
  emu: EmulatorUnderTest,
  fileId: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const redirect = await contentCall(emu, fileId, headers);
  if (redirect.status !== 302) throw new Error(`expected 302, got ${redirect.status}: ${await redirect.text()}`);
  const res = await fetch(redirect.headers.get('location') ?? '', { headers: { range: headers.range ?? '' } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** A real PDF of `pages` pages, each naming itself. */
export async function makePdf(title: string, pages = 2): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) {
    doc.addPage().drawText(`${title}, page ${i}`, { x: 72, y: 700, size: 14, font });
  }
  return doc.save();
}

/** Random bytes (different every call). */
export const randomBytesOf = (size: number): Buffer => randomBytes(size);
