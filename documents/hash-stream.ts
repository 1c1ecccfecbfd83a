import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

export interface StreamDigest {
  size: number;
  /** Hex SHA-256. */
  sha256: string;
}

/**
 * Reads `body` to its end, hashing and counting as the chunks pass: nothing is kept but the digest, so a file of
 * any size costs a chunk of memory. `onChunk` is told each chunk's size (heartbeats, metrics). A stream that ends
 * early with an error (a dropped connection) rejects; so does one shorter than its announced `expectedSize`.
 */
export async function hashStream(
  body: Readable,
  onChunk: (bytes: number) => void = () => undefined,
  expectedSize?: number,
): Promise<StreamDigest> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    hash.update(bytes);
    size += bytes.length;
    onChunk(bytes.length);
  }
  if (expectedSize !== undefined && size !== expectedSize) {
    throw new Error(`the download ended after ${size} of ${expectedSize} bytes`);
  }
  return { size, sha256: hash.digest('hex') };
}
