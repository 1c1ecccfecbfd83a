import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { PROJECT_ROOT } from '../../scripts/tools';

export { makePdf } from '../../scripts/make-pdf';

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
