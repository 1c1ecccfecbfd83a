/**
 * A business system's code against the TypeScript client @hey-api/openapi-ts generates from /openapi.json (the suite
 * copies this file beside the generated `client/` and compiles both with tsc --strict): it starts one sign request,
 * then long-polls its outcome, printing one JSON line per step. API_URL, API_KEY and BUSINESS_KEY come from the suite.
 */
import { createClient } from './client/client';
import { createSignRequest, getSignRequestResult } from './client/sdk.gen';
import type { SignRequestInput, SignRequestOutcome } from './client/types.gen';

async function main(): Promise<void> {
  const { API_URL, API_KEY, BUSINESS_KEY } = process.env;
  if (!API_URL || !API_KEY || !BUSINESS_KEY) throw new Error('API_URL, API_KEY and BUSINESS_KEY are required');
  const client = createClient({ baseUrl: API_URL, auth: API_KEY });
  const input: SignRequestInput = {
    businessKey: BUSINESS_KEY,
    signers: [{ email: 'generated.typescript@example.com', password: 'typescript-secret' }],
    sourceFiles: [{ id: '1234567890' }],
    parentFolder: { id: '987654321' },
    name: 'Generated TypeScript client',
    polling: { initialIntervalMs: 200, backoffCoefficient: 1.2, maximumIntervalMs: 1000 },
  };
  // throwOnError: a problem document (4xx/5xx) rejects; the answers below are the documented successes.
  const created = await createSignRequest({ client, body: input, throwOnError: true });
  if (created.data.state !== 'created') throw new Error(`Box has not answered yet: ${created.data.phase}`);
  console.log(JSON.stringify({ step: 'created', status: created.response.status, boxId: created.data.signRequestId }));
  for (;;) {
    const answer = await getSignRequestResult({
      client,
      path: { businessKey: BUSINESS_KEY },
      query: { waitSeconds: 5 },
      throwOnError: true,
    });
    const data = answer.data;
    if (data.state !== 'running') {
      const outcome: SignRequestOutcome = data;
      const result = outcome.state === 'completed' ? { outcome: outcome.result.outcome } : { failure: outcome.failure };
      console.log(JSON.stringify({ step: 'finished', state: outcome.state, ...result }));
      return;
    }
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
