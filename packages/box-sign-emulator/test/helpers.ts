import type { SignRequest } from '../src/box/schemas';
import type { ControlView } from '../src/render';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../src/server';

export const DEV_TOKEN = 'emulator-developer-token';
export const SENDER = 'sender@emulator.box.test';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are JSON that the tests check with expect()
export type Json = any;

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: Json;
}

/** A started emulator plus thin fetch wrappers for the Box API and the control API. */
export class EmulatorUnderTest {
  /** The developer token `box()` sends: the start-up one until it runs out (60 emulator minutes), then a new one. */
  private token = DEV_TOKEN;

  private constructor(readonly emulator: RunningEmulator) {}

  static async start(options: EmulatorOptions = {}): Promise<EmulatorUnderTest> {
    return new EmulatorUnderTest(
      await startEmulator({ port: 0, conversionDelayMs: 20, finalizingDelayMs: 20, ...options }),
    );
  }

  get url(): string {
    return this.emulator.url;
  }

  stop(): Promise<void> {
    return this.emulator.stop();
  }

  async call(
    method: string,
    path: string,
    init: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...init.headers };
    let body: string | undefined;
    if (typeof init.body === 'string') body = init.body;
    else if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${this.url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: Json = undefined;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, text, body: parsed };
  }

  /** A Box call with the helper's developer token, unless `headers` carry their own `authorization`. */
  async box(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    if (headers.authorization !== undefined) return this.call(method, `/2.0${path}`, { body, headers });
    const reply = await this.call(method, `/2.0${path}`, {
      body,
      headers: { authorization: `Bearer ${this.token}`, ...headers },
    });
    if (reply.status !== 401) return reply;
    // Its 60 minutes ran out on the emulator clock: generate a new developer token, as a developer would.
    const minted = await this.control('POST', '/developer-token');
    if (minted.status !== 201) throw new Error(`minting a developer token failed: ${minted.text}`);
    this.token = minted.body.developer_token as string;
    return this.call(method, `/2.0${path}`, { body, headers: { authorization: `Bearer ${this.token}`, ...headers } });
  }

  control(method: string, path: string, body?: unknown): Promise<Reply> {
    return this.call(method, `/_emulator${path}`, { body });
  }

  signer(id: string, email: string, action: string, body?: unknown): Promise<Reply> {
    return this.control('POST', `/sign_requests/${id}/signers/${encodeURIComponent(email)}/${action}`, body ?? {});
  }

  async create(overrides: Record<string, unknown> = {}): Promise<SignRequest> {
    const res = await this.box('POST', '/sign_requests', createBody(overrides));
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
    return res.body as SignRequest;
  }

  async get(id: string): Promise<SignRequest> {
    const res = await this.box('GET', `/sign_requests/${id}`);
    if (res.status !== 200) throw new Error(`get failed: ${res.status} ${res.text}`);
    return res.body as SignRequest;
  }

  /** Polls GET until the status matches (the emulator's delays are a few tens of milliseconds in tests). */
  async waitForStatus(id: string, status: string, timeoutMs = 3_000): Promise<SignRequest> {
    const deadline = Date.now() + timeoutMs;
    let last = await this.get(id);
    while (last.status !== status && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      last = await this.get(id);
    }
    if (last.status !== status) throw new Error(`status stayed '${last.status}', expected '${status}'`);
    return last;
  }

  async view(id: string): Promise<ControlView> {
    return (await this.control('GET', `/sign_requests/${id}`)).body as ControlView;
  }

  async latestCode(id: string, email: string): Promise<string> {
    const res = await this.control('GET', `/outbox?sign_request_id=${id}&email=${encodeURIComponent(email)}`);
    const code = (res.body.messages as { code: string }[]).at(-1)?.code;
    if (code === undefined) throw new Error(`no code for ${email}`);
    return code;
  }

  async advance(by: { ms?: number; days?: number }): Promise<void> {
    const res = await this.control('POST', '/clock/advance', by);
    if (res.status !== 200) throw new Error(`advance failed: ${res.text}`);
  }
}

export function createBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    source_files: [{ type: 'file', id: '1234567890' }],
    parent_folder: { type: 'folder', id: '987654321' },
    name: 'Contract',
    signers: [{ email: 'signer@example.com', role: 'signer', order: 1 }],
    ...overrides,
  };
}

export const wrongCodeFor = (code: string): string => (code === '000000' ? '111111' : '000000');
