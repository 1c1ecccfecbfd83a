import { chmodSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareStackDir } from '../../scripts/stack-dir';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe("the local stack's folder (.stack/) is the owner's only", () => {
  it('is created 0700, nested folders included', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'stack-dir-')), 'nested', '.stack');
    expect(prepareStackDir(dir)).toEqual([]);
    expect(modeOf(dir)).toBe(0o700);
  });

  it('an existing world-readable one is tightened: the folder 0700, its files without group or other access', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stack-dir-'));
    chmodSync(dir, 0o755);
    const files = { 'temporal.db': 0o644, 'worker.log': 0o666, 'encryption-key': 0o600, 'read-only': 0o444 };
    for (const [name, mode] of Object.entries(files)) {
      writeFileSync(join(dir, name), 'x');
      chmodSync(join(dir, name), mode);
    }
    const outside = join(mkdtempSync(join(tmpdir(), 'stack-dir-outside-')), 'not-ours');
    writeFileSync(outside, 'x');
    chmodSync(outside, 0o644);
    symlinkSync(outside, join(dir, 'link'));

    expect(prepareStackDir(dir).sort()).toEqual(['.', 'read-only', 'temporal.db', 'worker.log']);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(join(dir, 'temporal.db'))).toBe(0o600);
    expect(modeOf(join(dir, 'worker.log'))).toBe(0o600);
    expect(modeOf(join(dir, 'encryption-key'))).toBe(0o600);
    expect(modeOf(join(dir, 'read-only'))).toBe(0o400);
    // A link is not followed: what it points to is not the stack's to change.
    expect(modeOf(outside)).toBe(0o644);
    expect(prepareStackDir(dir)).toEqual([]);
  });
});
