import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Only what the store wrote is ever removed from a directory it was given. */
const BLOB_NAME = /^[0-9a-f]{40}$/;

/** What a stored blob is: its name in the blob directory (its SHA-1: equal bytes are stored once), size and SHA-1. */
export interface Blob {
  sha1: string;
  size: number;
}

/** Thrown by `write` when the bytes exceed `maxBytes`; nothing is kept. */
export class BlobTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`more than ${maxBytes} bytes`);
    this.name = 'BlobTooLarge';
  }
}

/**
 * File contents on disk, named by their SHA-1, never in the state JSON nor whole in memory: a write streams to a
 * temporary file while hashing, then renames it. Without a directory of its own it makes a temporary one, removed
 * by `dispose()`.
 */
export class BlobStore {
  readonly dir: string;
  private readonly owned: boolean;

  constructor(dir?: string) {
    if (dir === undefined) {
      this.dir = mkdtempSync(join(tmpdir(), 'box-sign-emulator-files-'));
      this.owned = true;
    } else {
      mkdirSync(dir, { recursive: true });
      this.dir = dir;
      this.owned = false;
    }
  }

  /** Streams `source` to disk; rejects with BlobTooLarge past `maxBytes`. */
  async write(source: Readable | AsyncIterable<Buffer>, maxBytes = Number.MAX_SAFE_INTEGER): Promise<Blob> {
    const tmp = join(this.dir, `.tmp-${randomUUID()}`);
    const blob = await hashToFile(tmp, source, maxBytes);
    await this.keep(tmp, blob.sha1);
    return blob;
  }

  /** Bytes made in memory (the emulator's own small PDFs). */
  async writeBytes(bytes: Uint8Array): Promise<Blob> {
    const sha1 = createHash('sha1').update(bytes).digest('hex');
    if (!this.has(sha1)) {
      const tmp = join(this.dir, `.tmp-${randomUUID()}`);
      await writeFile(tmp, bytes, { mode: 0o600 });
      await this.keep(tmp, sha1);
    }
    return { sha1, size: bytes.length };
  }

  has(sha1: string): boolean {
    return existsSync(this.path(sha1));
  }

  /** Bytes `start`..`end` (inclusive) of the blob, or all of it. */
  read(sha1: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.path(sha1), range === undefined ? {} : { start: range.start, end: range.end });
  }

  path(sha1: string): string {
    return join(this.dir, sha1);
  }

  /** A directory for scratch files (upload session parts), inside the blob directory. */
  scratchDir(name: string): string {
    const dir = join(this.dir, '.scratch', name);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  removeScratch(name: string): void {
    rmSync(join(this.dir, '.scratch', name), { recursive: true, force: true });
  }

  /** Every blob and scratch file gone (reset). */
  clear(): void {
    for (const name of readdirSync(this.dir)) {
      if (BLOB_NAME.test(name) || name.startsWith('.tmp-') || name === '.scratch') {
        rmSync(join(this.dir, name), { recursive: true, force: true });
      }
    }
  }

  /** Removes the directory when the store made it. */
  dispose(): void {
    if (this.owned) rmSync(this.dir, { recursive: true, force: true });
  }

  private async keep(tmp: string, sha1: string): Promise<void> {
    if (this.has(sha1)) await unlink(tmp);
    else await rename(tmp, this.path(sha1));
  }
}

/**
 * Streams `source` into the file at `path` while hashing it: its SHA-1 and size. Past `maxBytes` the rest is read
 * but not kept (the caller can still answer), the file is removed and it rejects with BlobTooLarge.
 */
export async function hashToFile(
  path: string,
  source: Readable | AsyncIterable<Buffer>,
  maxBytes = Number.MAX_SAFE_INTEGER,
): Promise<Blob> {
  const hash = createHash('sha1');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) {
        done();
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, createWriteStream(path, { mode: 0o600 }));
  } catch (error) {
    await unlink(path).catch(() => undefined);
    throw error;
  }
  if (size > maxBytes) {
    await unlink(path).catch(() => undefined);
    throw new BlobTooLarge(maxBytes);
  }
  return { sha1: hash.digest('hex'), size };
}
