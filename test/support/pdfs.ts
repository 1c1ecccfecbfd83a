import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { PROJECT_ROOT } from '../../scripts/tools';

/** A real PDF made here (pdf-lib): a page per line of text, padded to about `minBytes` with more text. */
export async function makePdf(title: string, lines: string[], minBytes = 0): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  // Fixed dates: the same inputs make the same bytes.
  doc.setCreationDate(new Date('2026-12-01T00:00:00Z'));
  doc.setModificationDate(new Date('2026-12-01T00:00:00Z'));
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  page.drawText(title, { x: 50, y: 780, size: 18, font });
  lines.forEach((line, i) => page.drawText(line, { x: 50, y: 740 - i * 16, size: 11, font }));
  // Padding as metadata (incompressible hex): a PDF of a chosen size for size-sensitive runs.
  let pdf = await doc.save();
  if (pdf.length < minBytes) {
    const pad = createHash('sha256');
    const chunks: string[] = [];
    for (let i = 0; chunks.join('').length < minBytes - pdf.length; i += 1)
      chunks.push(pad.copy().update(String(i)).digest('hex'));
    doc.setSubject(chunks.join(''));
    pdf = await doc.save();
  }
  return pdf;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

// unpdf (PDF.js) is an ES module that jest's CommonJS sandbox cannot import: it runs in a node process of its own.
const EXTRACT = `
import { extractText } from 'unpdf';
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { text } = await extractText(new Uint8Array(Buffer.concat(chunks)), { mergePages: true });
process.stdout.write(text);
`;

/** The text of a PDF as PDF.js (through unpdf) extracts it: what a reader of the document would read. */
export function pdfText(pdf: Uint8Array): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--input-type=module', '-e', EXTRACT],
      { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    );
    child.stdin?.end(Buffer.from(pdf));
  });
}
