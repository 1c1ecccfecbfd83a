import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ByteRange, UploadSource } from '../box/upload-api';
import { DocumentTooLargeError } from './errors';

/** A document on local disk with what Box and the caller need to know of it, measured in one pass. */
export interface MeasuredDocument extends UploadSource {
  sha256Hex: string;
}

/** A document spooled to a temporary file of its own; `remove()` deletes it (call it whatever happens). */
export interface SpooledDocument extends MeasuredDocument {
  remove(): Promise<void>;
}

/** Counts and hashes the bytes going through, and stops the stream once it passes `maxBytes`. */
class Measuring extends Transform {
  size = 0;
  private readonly sha1 = createHash('sha1');
  private readonly sha256 = createHash('sha256');

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null, data?: Buffer) => void) {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      done(new DocumentTooLargeError(this.maxBytes));
      return;
    }
    this.sha1.update(chunk);
    this.sha256.update(chunk);
    done(null, chunk);
  }

  digests(): { sha1Hex: string; sha256Hex: string } {
    return { sha1Hex: this.sha1.digest('hex'), sha256Hex: this.sha256.digest('hex') };
  }
}

function opener(path: string) {
  return (range?: ByteRange): Readable => createReadStream(path, range);
}

/**
 * Writes `body` to a temporary file while computing its size, SHA-1 and SHA-256: Box wants the SHA-1 (`content-md5`)
 * before the bytes, so a streamed request body is spooled to disk, never held in memory. Past `maxBytes` the copy stops
 * with DocumentTooLargeError and the file is removed.
 */
export async function spoolDocument(body: Readable, maxBytes: number): Promise<SpooledDocument> {
  const dir = await mkdtemp(join(tmpdir(), 'box-sign-document-'));
  const path = join(dir, 'document');
  const remove = () => rm(dir, { recursive: true, force: true });
  const measuring = new Measuring(maxBytes);
  try {
    await pipeline(body, measuring, createWriteStream(path, { mode: 0o600 }));
  } catch (err) {
    await remove();
    throw err;
  }
  return { ...measuring.digests(), size: measuring.size, open: opener(path), remove };
}

/** A document already on disk (the CLI's and the library's `--file`): measured in one read, not copied. */
export async function measureDocumentFile(path: string, maxBytes: number): Promise<MeasuredDocument> {
  const size = (await stat(path)).size;
  if (size > maxBytes) throw new DocumentTooLargeError(maxBytes);
  const measuring = new Measuring(maxBytes);
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
  await pipeline(createReadStream(path), measuring, discard);
  return { ...measuring.digests(), size: measuring.size, open: opener(path) };
}
