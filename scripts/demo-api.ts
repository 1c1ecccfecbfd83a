import { readFileSync } from 'node:fs';
import type { SignRequestInput, SignRequestResult } from '../contracts';
import type { StackInfo } from './stack';

/** The demo as a business system sees the HTTP API: a bearer key, JSON in, JSON or a problem document out. */

const LOCAL_CLIENT = 'local';

export interface ApiCredentials {
  apiKey: string;
  /** The `local` client's Standard Webhooks secret (whsec_…), which signs its callbacks. */
  callbackSecret: string;
}

/** The key stack:up generated (.stack/api-key) and the `local` client's callback secret (.stack/api-keys.json). */
export function readApiCredentials(stack: StackInfo): ApiCredentials {
  const apiKey = readFileSync(stack.apiKeyFile, 'utf8').trim();
  const file = JSON.parse(readFileSync(stack.apiKeysFile, 'utf8')) as {
    clients?: { name: string; callbackSecret: string }[];
  };
  const local = file.clients?.find((client) => client.name === LOCAL_CLIENT);
  if (!local) throw new Error(`${stack.apiKeysFile} has no client '${LOCAL_CLIENT}': remove it and run stack:up again`);
  return { apiKey, callbackSecret: local.callbackSecret };
}

export interface Answer<T> {
  status: number;
  body: T;
}

export interface CreatedAnswer {
  workflowId: string;
  businessKey: string;
  signRequestId?: string;
  status?: string;
  phase?: string;
  statusUrl: string;
}

export type OutcomeAnswer =
  | { state: 'completed'; result: SignRequestResult }
  | { state: 'failed'; failure: { type: string; message: string } }
  | { state: 'running'; phase: string };

export class DemoApi {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  /** POST /v1/sign-requests: 201 once Box has the request (200 for a repeat, 202 when Box is slow). */
  async start(input: SignRequestInput): Promise<Answer<CreatedAnswer>> {
    const answer = await this.call<CreatedAnswer>('POST', '/v1/sign-requests', input);
    if (![200, 201, 202].includes(answer.status)) throw problemError('POST /v1/sign-requests', answer);
    return answer;
  }

  /** Long-polls GET …/result until the request has an outcome (or `timeoutMs` passes). */
  async result(businessKey: string, timeoutMs: number): Promise<OutcomeAnswer> {
    const deadline = Date.now() + timeoutMs;
    const path = `/v1/sign-requests/${encodeURIComponent(businessKey)}/result?waitSeconds=`;
    for (;;) {
      const waitSeconds = Math.max(1, Math.min(60, Math.ceil((deadline - Date.now()) / 1000)));
      const answer = await this.call<OutcomeAnswer>('GET', `${path}${waitSeconds}`);
      if (answer.status !== 200 && answer.status !== 202) throw problemError(`GET …/result`, answer);
      if (answer.body.state !== 'running' || Date.now() >= deadline) return answer.body;
    }
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(75_000),
    });
    return { status: response.status, body: (await response.json()) as T };
  }
}

function problemError(what: string, answer: Answer<unknown>): Error {
  const problem = answer.body as { title?: string; detail?: string; errors?: { field: string; rule: string }[] };
  const errors = (problem.errors ?? []).map((e) => `${e.field} ${e.rule}`).join('; ');
  return new Error(
    `${what} answered ${answer.status}: ${problem.title ?? ''}${problem.detail ? ` — ${problem.detail}` : ''}` +
      (errors ? ` (${errors})` : ''),
  );
}
