import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvidenceDocument } from '../contracts';
import { makePdf } from './make-pdf';

/**
 * The demo's documents in and evidence out, through the HTTP API only, as a business system would: a PDF it makes is
 * uploaded (POST /v1/documents), and once signed every document is downloaded (GET …/documents/{fileId}) and its
 * SHA-256 checked against the callback's and the API's Repr-Digest.
 */
export class DemoDocuments {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  /** A one-page contract made here, uploaded to `folderId` as the request's sender (who must be able to read it). */
  async uploadContract(
    businessKey: string,
    folderId: string,
    sender: string | undefined,
  ): Promise<{ fileId: string; sha256: string; size: number }> {
    const pdf = await makePdf(`Contract ${businessKey}`, ['Made by the demo', 'Signed under password verification']);
    const name = `${businessKey}.pdf`;
    const response = await fetch(
      `${this.baseUrl}/v1/documents?name=${encodeURIComponent(name)}&folderId=${encodeURIComponent(folderId)}` +
        (sender === undefined ? '' : `&senderBoxUserId=${encodeURIComponent(sender)}`),
      { method: 'POST', headers: this.headers({ 'content-type': 'application/pdf' }), body: pdf },
    );
    const body = (await response.json()) as { fileId?: string; sha256?: string; size?: number; detail?: string };
    if (response.status !== 201 && response.status !== 200) {
      throw new Error(`POST /v1/documents answered ${response.status}: ${body.detail ?? ''}`);
    }
    return { fileId: body.fileId ?? '', sha256: body.sha256 ?? '', size: body.size ?? 0 };
  }

  /**
   * Downloads each document into `dir` through the API and compares three hashes: of the bytes received, the one the
   * callback carried, and the API's Repr-Digest. Returns one line per document; throws on any mismatch.
   */
  async downloadAndVerify(documents: EvidenceDocument[], dir: string): Promise<string[]> {
    mkdirSync(dir, { recursive: true });
    const lines: string[] = [];
    for (const document of documents) {
      const response = await fetch(`${this.baseUrl}${document.url}`, { headers: this.headers() });
      if (response.status !== 200) throw new Error(`GET ${document.url} answered ${response.status}`);
      const bytes = Buffer.from(await response.arrayBuffer());
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const digest = response.headers.get('repr-digest') ?? '';
      const expectedDigest = `sha-256=:${Buffer.from(document.sha256, 'hex').toString('base64')}:`;
      if (sha256 !== document.sha256 || digest !== expectedDigest) {
        throw new Error(`${document.name}: SHA-256 ${sha256} does not match the callback's ${document.sha256}`);
      }
      const path = join(dir, `${document.kind}-${document.name.replace(/[^A-Za-z0-9._ -]/g, '_')}`);
      writeFileSync(path, bytes);
      lines.push(
        `${document.kind.padEnd(10)} ${path} (${bytes.length} bytes, sha256 ${sha256.slice(0, 12)}… verified)`,
      );
    }
    return lines;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { authorization: `Bearer ${this.apiKey}`, ...extra };
  }
}
