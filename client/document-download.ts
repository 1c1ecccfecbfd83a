import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client } from '@temporalio/client';
import { hashStream } from '../documents/hash-stream';
import type { BoxFilesApi } from '../box/file-content';
import type { EvidenceDocument } from '../contracts';
import { recordedState } from './recorded-state';

export interface DownloadedDocument {
  document: EvidenceDocument;
  path: string;
  size: number;
  sha256: string;
  /** The bytes' SHA-256 equals the one recorded when the request ended. */
  verified: boolean;
}

/** The documents the workflow recorded (hashed when the request ended). */
export async function recordedDocuments(client: Client, workflowId: string): Promise<EvidenceDocument[]> {
  const state = await recordedState(client, workflowId);
  return state.result?.documents ?? [];
}

/**
 * Streams each document from Box (as the request's sender) into `outDir`, hashing on the way, and compares the hash
 * with the recorded one. A file whose hash differs is kept as `<name>.mismatch` and reported, never passed off.
 */
export async function downloadDocuments(
  files: BoxFilesApi,
  documents: EvidenceDocument[],
  outDir: string,
  sender: string | null,
): Promise<DownloadedDocument[]> {
  await mkdir(outDir, { recursive: true });
  const downloaded: DownloadedDocument[] = [];
  const used = new Set<string>();
  for (const document of documents) {
    const content = await files.openFileContent(document.fileId, sender === null ? {} : { asUser: sender });
    if (content.kind === 'notReady') throw new Error(`Box says ${document.name} is not ready; try again shortly`);
    const path = join(outDir, uniqueName(safeName(document.name), used));
    const partial = `${path}.part`;
    const tee = new PassThrough();
    const digest = hashStream(tee);
    await pipeline(content.body, tee, createWriteStream(partial));
    const { size, sha256 } = await digest;
    const verified = sha256 === document.sha256;
    const final = verified ? path : `${path}.mismatch`;
    await rm(final, { force: true });
    await rename(partial, final);
    downloaded.push({ document, path: final, size, sha256, verified });
  }
  return downloaded;
}

/** A file name from Box's name: no directories, no control characters. */
function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a file name
  const cleaned = basename(name.replace(/\\/g, '/')).replace(/[\x00-\x1f\x7f]/g, '_');
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'document' : cleaned;
}

function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let i = 2; used.has(candidate); i += 1) candidate = name.replace(/(\.[^.]*)?$/, ` (${i})$1`);
  used.add(candidate);
  return candidate;
}
