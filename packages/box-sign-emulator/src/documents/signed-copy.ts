import { PDFDocument } from 'pdf-lib';
import { isActor, type StoredSignRequest } from '../model';
import { requiredChecks, utc } from './checks';
import { newDocument, PageWriter } from './page-writer';

/** The document a sign file is made from: a PDF's bytes, or only its name (not a PDF, too large, or unknown). */
export type SourceDocument = { name: string; pdf: Uint8Array } | { name: string; note: string };

/**
 * A sign file: the source's pages (or a page naming it) and a signature page with a stamp per signer who signed,
 * naming the signer, the time and the checks the signer had to pass.
 */
export async function makeSignedCopy(req: StoredSignRequest, source: SourceDocument, at: number): Promise<Uint8Array> {
  const doc = await newDocument(source.name, at);
  const writer = await PageWriter.create(doc);
  if ('pdf' in source && (await copyPages(doc, source.pdf))) {
    // the source's own pages come first
  } else {
    writer.line(source.name, { bold: true, size: 16 });
    writer.line('note' in source ? source.note : 'The source PDF could not be read; it is named here instead.', {
      gap: 8,
    });
  }
  writer.newPage();
  writer.line('Signatures', { bold: true, size: 18 });
  writer.line(`${req.name} - Box Sign request ${req.short_id} (${req.id})`, { gap: 4 });
  writer.line(`Sent by ${req.sender_email} on ${utc(req.created_at)}`);
  const signed = req.signers.filter((s) => isActor(s) && s.signer_decision?.type === 'signed');
  if (signed.length === 0) writer.line('No signatures yet.', { gap: 12 });
  for (const signer of signed) {
    const checks = requiredChecks(signer);
    writer.stamp([
      `SIGNED by ${signer.email}`,
      `${signer.role}, on ${utc(Date.parse(signer.signer_decision?.finalized_at ?? ''))}`,
      checks.length === 0 ? 'Verification: email link only' : `Verification: ${checks.join(', ')}`,
    ]);
  }
  return doc.save();
}

/** Copies every page of `pdf` into `doc`; false when it is not a PDF pdf-lib can read (then nothing is copied). */
async function copyPages(doc: PDFDocument, pdf: Uint8Array): Promise<boolean> {
  let source: PDFDocument;
  try {
    source = await PDFDocument.load(pdf, { ignoreEncryption: true, updateMetadata: false });
  } catch {
    return false;
  }
  const pages = await doc.copyPages(source, source.getPageIndices());
  for (const page of pages) doc.addPage(page);
  return pages.length > 0;
}
