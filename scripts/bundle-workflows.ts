import { writeFileSync } from 'node:fs';
import { createJsonLogger } from '../logging/logger';
import { prebuiltBundleConverters, prebuiltBundlePath } from '../worker/prebuilt-bundle';
import { buildWorkflowBundle } from '../worker/workflow-bundle';

/**
 * `npm run build`'s last step: the workflow bundles production workers load (worker/prebuilt-bundle.ts), written
 * into lib/ and so into the image.
 */
async function main(): Promise<void> {
  const logger = createJsonLogger('bundle-workflows', 'info');
  for (const traced of [false, true]) {
    const bundle = await buildWorkflowBundle(prebuiltBundleConverters(traced), logger);
    writeFileSync(prebuiltBundlePath(traced), bundle.code);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
