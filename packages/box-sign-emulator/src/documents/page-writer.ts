import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

/** US Letter, in points. */
export const PAGE_SIZE: [number, number] = [612, 792];
const MARGIN = 54;

/**
 * What the standard fonts (WinAnsi) can show: printable Latin-1 and a few typographic marks, among them the
 * bullet of a masked phone number; anything else becomes `?` rather than failing the document.
 */
export function printable(text: string): string {
  return [...text].map((c) => (/[\x20-\x7e\xa0-\xff•–—‘’“”…€]/.test(c) ? c : '?')).join('');
}

export interface LineStyle {
  bold?: boolean;
  size?: number;
  /** Extra space before the line, in points. */
  gap?: number;
  indent?: number;
}

/** Writes lines top to bottom, wrapping long ones and starting a new page when one is full. */
export class PageWriter {
  private page: PDFPage | undefined;
  private y = 0;

  private constructor(
    readonly doc: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
  ) {}

  static async create(doc: PDFDocument): Promise<PageWriter> {
    return new PageWriter(
      doc,
      await doc.embedFont(StandardFonts.Helvetica),
      await doc.embedFont(StandardFonts.HelveticaBold),
    );
  }

  /** The page being written (a new one when none yet). */
  current(): PDFPage {
    return this.page ?? this.newPage();
  }

  newPage(): PDFPage {
    this.page = this.doc.addPage(PAGE_SIZE);
    this.y = PAGE_SIZE[1] - MARGIN;
    return this.page;
  }

  line(text: string, style: LineStyle = {}): void {
    const size = style.size ?? 10;
    const font = style.bold ? this.bold : this.regular;
    const indent = style.indent ?? 0;
    const width = PAGE_SIZE[0] - 2 * MARGIN - indent;
    const lines = wrap(printable(text), font, size, width);
    this.y -= style.gap ?? 0;
    for (const piece of lines) {
      if (this.page === undefined || this.y - size < MARGIN) this.newPage();
      this.y -= size * 1.3;
      this.current().drawText(piece, { x: MARGIN + indent, y: this.y, size, font, color: rgb(0.1, 0.1, 0.1) });
    }
  }

  /** A framed stamp (e.g. SIGNED) at the writing position, with text lines inside. */
  stamp(lines: string[], color = rgb(0.05, 0.3, 0.65)): void {
    const height = 16 + lines.length * 14;
    if (this.page === undefined || this.y - height - 8 < MARGIN) this.newPage();
    const page = this.current();
    this.y -= height + 8;
    page.drawRectangle({
      x: MARGIN,
      y: this.y,
      width: PAGE_SIZE[0] - 2 * MARGIN,
      height,
      borderColor: color,
      borderWidth: 1.5,
    });
    lines.forEach((text, i) => {
      page.drawText(printable(text), {
        x: MARGIN + 10,
        y: this.y + height - 20 - i * 14,
        size: i === 0 ? 12 : 10,
        font: i === 0 ? this.bold : this.regular,
        color,
      });
    });
  }
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const next = current === '' ? word : `${current} ${word}`;
    if (current !== '' && font.widthOfTextAtSize(next, size) > width) {
      lines.push(current);
      current = word;
    } else current = next;
  }
  lines.push(current);
  return lines.flatMap((line) => splitLong(line, font, size, width));
}

/** A single word wider than the line (a long id or URL) is cut where it must be. */
function splitLong(line: string, font: PDFFont, size: number, width: number): string[] {
  if (font.widthOfTextAtSize(line, size) <= width) return [line];
  const out: string[] = [];
  let current = '';
  for (const c of line) {
    if (font.widthOfTextAtSize(current + c, size) > width) {
      out.push(current);
      current = c;
    } else current += c;
  }
  out.push(current);
  return out;
}

/** A new document with the emulator's metadata. */
export async function newDocument(title: string, at: number): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  doc.setTitle(printable(title));
  doc.setProducer('box-sign-emulator');
  doc.setCreator('box-sign-emulator');
  doc.setCreationDate(new Date(at));
  doc.setModificationDate(new Date(at));
  return doc;
}
