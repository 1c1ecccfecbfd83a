import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { loadApiConfig } from '../../api/config';
import { ConfigError } from '../../config/config-error';
import { DocumentTooLargeError } from '../../documents/errors';
import { checkDocumentRequest } from '../../documents/rules';
import { spoolDocument } from '../../documents/spool';

const chunks = (...parts: string[]) => Readable.from(parts.map((part) => Buffer.from(part)));

describe('a document coming in', () => {
  it('is spooled to a file of its own with its size, SHA-1 and SHA-256, and removed after', async () => {
    const spooled = await spoolDocument(chunks('%PDF-1.4 ', 'in ', 'parts'), 100);
    const bytes = Buffer.from('%PDF-1.4 in parts');
    expect([spooled.size, spooled.sha1Hex, spooled.sha256Hex]).toEqual([
      bytes.length,
      createHash('sha1').update(bytes).digest('hex'),
      createHash('sha256').update(bytes).digest('hex'),
    ]);
    const read: Buffer[] = [];
    for await (const chunk of spooled.open({ start: 9, end: 10 })) read.push(chunk as Buffer);
    expect(Buffer.concat(read).toString()).toBe('in');
    const path = (spooled.open() as unknown as { path: string }).path;
    await spooled.remove();
    expect(existsSync(dirname(path))).toBe(false);
  });

  it('stops past the maximum, keeping nothing', async () => {
    await expect(spoolDocument(chunks('12345', '67890', '1'), 10)).rejects.toBeInstanceOf(DocumentTooLargeError);
    await expect(spoolDocument(chunks('12345', '67890'), 10)).resolves.toMatchObject({ size: 10 });
  });

  it('is checked whole before any Box call: every broken rule, by field, never a value', () => {
    const senders = { deployment: ['20001'], apiClient: ['20001'] };
    expect(
      checkDocumentRequest(
        { name: 'a.pdf', folderId: '1', senderBoxUserId: '20001', contentType: 'application/pdf' },
        senders,
      ),
    ).toMatchObject({ ok: true, target: { name: 'a.pdf', folderId: '1', senderBoxUserId: '20001' } });
    const check = checkDocumentRequest(
      { name: ' secret/name.pdf', folderId: '12a', senderBoxUserId: '20002', contentType: 'text/html' },
      senders,
    );
    expect(check.ok).toBe(false);
    const issues = check.ok ? [] : check.issues;
    expect(issues.map((issue) => issue.field)).toEqual(['Content-Type', 'name', 'folderId', 'senderBoxUserId']);
    expect(JSON.stringify(issues)).not.toContain('secret');
  });
});

describe("the API's Box credentials (documents)", () => {
  const base = {
    BOX_SIGN_API_KEYS_FILE: `${__dirname}/../fixtures/none.json`,
    BOX_SIGN_INSECURE_PLAINTEXT_PAYLOADS: 'true',
  };

  function problems(env: NodeJS.ProcessEnv): string[] {
    try {
      loadApiConfig(env);
      return [];
    } catch (err) {
      return err instanceof ConfigError ? err.problems : [String(err)];
    }
  }

  it('are optional, but once one is set the rest must be right', () => {
    expect(problems(base).filter((p) => p.includes('BOX_'))).toEqual([
      expect.stringContaining('BOX_SIGN_API_KEYS_FILE'),
    ]);
    expect(problems({ ...base, BOX_CLIENT_ID: 'id' })).toEqual(
      expect.arrayContaining([expect.stringContaining('BOX_CLIENT_SECRET is required')]),
    );
  });
});
