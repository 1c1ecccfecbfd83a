import { createHash } from 'node:crypto';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';

/**
 * A real PDF (pdf-lib) with a title and lines of text on one page. `bulkBytes` adds that much to the page itself, as a
 * second content stream of PDF comments (invisible, incompressible, stored raw): Box's signed copy keeps the pages,
 * so it is about as large. Fixed dates: the same arguments make the same bytes.
 */
export async function makePdf(
  title: string,
  lines: string[],
  options: { bulkBytes?: number } = {},
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  doc.setCreationDate(new Date('2026-12-01T00:00:00Z'));
  doc.setModificationDate(new Date('2026-12-01T00:00:00Z'));
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  page.drawText(title, { x: 50, y: 780, size: 18, font });
  lines.forEach((line, i) => page.drawText(line, { x: 50, y: 740 - i * 16, size: 11, font }));
  const bulk = options.bulkBytes ?? 0;
  if (bulk > 0) {
    const bytes = commentBytes(bulk);
    const stream = doc.context.stream(bytes, {});
    const contents = page.node.Contents();
    const ref = doc.context.register(stream);
    page.node.set(PDFName.of('Contents'), doc.context.obj([...(contents ? [contents] : []), ref]));
  }
  return doc.save({ useObjectStreams: false });
}

/** `size` bytes of PDF comment lines (`% <hex>\n`): valid content, drawn as nothing. */
function commentBytes(size: number): Uint8Array {
  const out = Buffer.alloc(size, 0x20);
  const seed = createHash('sha256');
  for (let at = 0, i = 0; at + 67 <= size; at += 67, i += 1) {
    out.write(`% ${seed.copy().update(String(i)).digest('hex')}\n`, at, 'latin1');
    if (i % 4096 === 0) seed.update(String(i));
  }
  out[size - 1] = 0x0a;
  return out;
}
