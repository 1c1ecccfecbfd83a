import { bundleSignWorkflows } from '../../scripts/in-process-worker';

/**
 * The workflow bundle is evaluated in every worker, and each cached workflow instantiates the modules it imports:
 * zod and the contracts barrel must stay out of it (validation runs in the validateInput local activity).
 */
describe('the workflow bundle', () => {
  let code: string;
  beforeAll(async () => {
    code = (await bundleSignWorkflows()).code;
  }, 60_000);

  /** The modules webpack put in the bundle, by their path (`./lib/workflows/…`, `./node_modules/zod/…`). */
  function modules(): string[] {
    return [...code.matchAll(/^\/\*\*\*\/ "([^"]+)"$/gm)].map((match) => match[1]!);
  }

  it('holds the workflows and the contract files they import, and the SDK', () => {
    expect(modules()).toEqual(
      expect.arrayContaining([expect.stringMatching(/workflows\/sign-request-workflow\.[jt]s$/)]),
    );
  });

  it('holds no zod, no zod schema and no contracts barrel', () => {
    const heavy = modules().filter((path) =>
      /node_modules\/zod\/|contracts\/(index|sign-request-schema|validation)\.[jt]s$/.test(path),
    );
    expect(heavy).toEqual([]);
  });

  it('is under a third of its size with zod inside (4,724 KiB on 7 Dec 2026), source map included', () => {
    const kib = Buffer.byteLength(code) / 1024;
    console.log(`workflow bundle: ${Math.round(kib)} KiB`);
    expect(kib).toBeLessThan(4724 / 3);
  });
});
