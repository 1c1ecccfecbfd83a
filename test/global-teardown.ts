import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis as { __temporalTestEnvs?: TestWorkflowEnvironment[]; __jestRunDir?: string };
  await Promise.all((state.__temporalTestEnvs ?? []).map((env) => env.teardown()));
  if (state.__jestRunDir) rmSync(state.__jestRunDir, { recursive: true, force: true });
}
