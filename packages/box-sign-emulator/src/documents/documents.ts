import { open } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import type { EmulatorClock } from '../clock';
import { notFound } from '../errors';
import type { EmulatorFiles } from '../files/files';
import type { StoredBoxFile } from '../files/model';
import { isActor, type StoredFile, type StoredSignRequest } from '../model';
import type { SignRequestStore } from '../store';
import type { EmulatorUser, UserDirectory } from '../users';
import { makeSignedCopy, type SourceDocument } from './signed-copy';
import { makeSigningLog } from './signing-log';

/** A source larger than this is named on a page of the signed copy rather than copied page by page into memory. */
export const MAX_COPIED_SOURCE_BYTES = 128 * 1024 * 1024;

/** Statuses whose documents are final: their signed copies and their signing log exist. */
const FINAL = new Set(['signed', 'declined']);

export type DownloadableFile = { file: StoredBoxFile } | { retryAfterSeconds: number };

/**
 * The files a sign request makes, as real PDFs in the emulator's files: each sign file (the source's pages plus a
 * signature page) and, once the request is signed or declined, its signing log. They are made when first needed
 * (a read of the request once final, a read of the file) and again when the signatures they show changed.
 */
export class RequestDocuments {
  private running = new Map<string, Promise<void>>();

  constructor(
    private readonly store: SignRequestStore,
    private readonly files: EmulatorFiles,
    private readonly users: UserDirectory,
    private readonly clock: EmulatorClock,
  ) {}

  /** Makes a signed or declined request's documents if they are not made yet (cheap otherwise). */
  settleFinal(req: StoredSignRequest): Promise<void> {
    if (!FINAL.has(req.status) || this.upToDate(req)) return Promise.resolve();
    return this.serialized(req);
  }

  /** The file behind a `GET /files/{id}`: the acting user's upload, or a file of a request it sent. */
  async fileInfo(id: string, user: EmulatorUser): Promise<StoredBoxFile> {
    const req = await this.madeBy(id, user);
    if (req !== undefined && id === req.signing_log.id && !FINAL.has(req.status)) {
      throw notFound('Could not find the specified resource');
    }
    return this.files.ownedBy(id, user);
  }

  /** As `fileInfo`, or when to ask again: a sign file while converting or finalizing, a signing log while finalizing. */
  async fileForDownload(id: string, user: EmulatorUser): Promise<DownloadableFile> {
    const req = await this.madeBy(id, user);
    if (req !== undefined) {
      const waitUntil =
        req.status === 'finalizing' ? req.finalizes_at : req.status === 'converting' ? req.converts_at : null;
      const isSignFile = req.sign_files.some((f) => f.id === id);
      if (waitUntil !== null && (isSignFile || id === req.signing_log.id)) {
        return { retryAfterSeconds: Math.max(1, Math.ceil((waitUntil - this.clock.nowMs()) / 1000)) };
      }
    }
    return { file: await this.fileInfo(id, user) };
  }

  /** Any file, whoever owns it (the control API): a request's files are made first when due. */
  async anyFile(id: string): Promise<StoredBoxFile | undefined> {
    const req = this.store.findByFileId(id);
    if (req !== undefined) await this.bringUpToDate(req);
    return this.files.store.find(id);
  }

  /** Stores a signer's attachments as files of the request (the sender's, in its folder). */
  async storeAttachments(
    req: StoredSignRequest,
    attachments: { name: string; bytes: Buffer }[],
  ): Promise<{ id: string; name: string }[]> {
    const owner = this.users.senderOf(req);
    const stored: { id: string; name: string }[] = [];
    for (const attachment of attachments) {
      const blob = await this.files.blobs.writeBytes(attachment.bytes);
      const file = this.files.add({
        name: attachment.name,
        parentId: req.parent_folder_id,
        owner,
        blob,
        origin: 'attachment',
        signRequestId: req.id,
      });
      stored.push({ id: file.id, name: file.name });
    }
    return stored;
  }

  /**
   * The request that made file `id` (a sign file or its signing log), when there is one; another user's is a 404.
   * Its documents are brought up to date first.
   */
  private async madeBy(id: string, user: EmulatorUser): Promise<StoredSignRequest | undefined> {
    const req = this.store.findByFileId(id);
    if (req === undefined) return undefined;
    if (String(req.sender_id) !== user.id) throw notFound('Could not find the specified resource');
    await this.bringUpToDate(req);
    return req;
  }

  /** Makes what is due once the request has working copies (after conversion; not after an error). */
  private async bringUpToDate(req: StoredSignRequest): Promise<void> {
    if (req.status === 'converting' || req.status.startsWith('error') || this.upToDate(req)) return;
    await this.serialized(req);
  }

  /** One making at a time per request; a caller arriving meanwhile waits for it, then makes what is still due. */
  private serialized(req: StoredSignRequest): Promise<void> {
    const previous = this.running.get(req.id) ?? Promise.resolve();
    const next = previous.then(() => this.make(req));
    const settled = next.catch(() => undefined);
    this.running.set(req.id, settled);
    void settled.then(() => {
      if (this.running.get(req.id) === settled) this.running.delete(req.id);
    });
    return next;
  }

  private upToDate(req: StoredSignRequest): boolean {
    const key = signaturesKey(req);
    const filesMade = req.sign_files.every((f) => f.content_key === key && this.files.store.find(f.id) !== undefined);
    return filesMade && (!FINAL.has(req.status) || req.signing_log.sha1 !== undefined);
  }

  private async make(req: StoredSignRequest): Promise<void> {
    const key = signaturesKey(req);
    const owner = this.users.senderOf(req);
    const now = this.clock.nowMs();
    for (const [i, file] of req.sign_files.entries()) {
      if (file.content_key === key && this.files.store.find(file.id) !== undefined) continue;
      const bytes = await makeSignedCopy(req, await this.source(req.source_file_ids[i], req.template_id), now);
      await this.keep(req, file, bytes, owner, 'sign_file');
      file.content_key = key;
    }
    if (FINAL.has(req.status) && req.signing_log.sha1 === undefined) {
      const bytes = await makeSigningLog(req, req.sign_files, now);
      await this.keep(req, req.signing_log, bytes, owner, 'signing_log');
    }
  }

  private async keep(
    req: StoredSignRequest,
    file: StoredFile,
    bytes: Uint8Array,
    owner: EmulatorUser,
    origin: 'sign_file' | 'signing_log',
  ): Promise<void> {
    const blob = await this.files.blobs.writeBytes(bytes);
    this.files.putVersion(file.id, file.version_id, {
      name: file.name,
      parentId: req.parent_folder_id,
      owner,
      blob,
      origin,
      signRequestId: req.id,
    });
    file.sha1 = blob.sha1;
    file.size = blob.size;
  }

  /** The uploaded file behind a source id, as a PDF when it is one; an id nobody uploaded is a placeholder. */
  private async source(id: string | undefined, templateId: string | null): Promise<SourceDocument> {
    if (id === undefined) {
      return { name: `Template ${templateId ?? ''}`.trim(), note: 'A document made from a Box Sign template.' };
    }
    const uploaded = this.files.store.find(id);
    if (uploaded === undefined) {
      return { name: `File ${id}`, note: `A placeholder: no file with id ${id} was uploaded to the emulator.` };
    }
    const path = this.files.blobs.path(uploaded.sha1);
    if (uploaded.size > MAX_COPIED_SOURCE_BYTES || !(await startsWithPdfHeader(path))) {
      return {
        name: uploaded.name,
        note: `${uploaded.name}: ${uploaded.size} bytes, SHA-1 ${uploaded.sha1}, shown here by name.`,
      };
    }
    return { name: uploaded.name, pdf: await readFile(path) };
  }
}

/** What a sign file shows: who has signed, when. It is made again when this changes. */
function signaturesKey(req: StoredSignRequest): string {
  return req.signers
    .filter((s) => isActor(s) && s.signer_decision?.type === 'signed')
    .map((s) => `${s.email}@${s.signer_decision?.finalized_at ?? ''}`)
    .join(',');
}

async function startsWithPdfHeader(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(5);
    await handle.read(head, 0, 5, 0);
    return head.toString('latin1') === '%PDF-';
  } finally {
    await handle.close();
  }
}
