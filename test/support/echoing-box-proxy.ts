import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP hop in front of the emulator that passes every call through, except that once armed it answers
 * the next create the way a careless API might: a 400 whose message and context_info quote the request body.
 * It records each call with the `as-user` header it carried, as Box receives it.
 */
export interface EchoingBoxProxy {
  url: string;
  /** Every call received, oldest first. */
  calls(): ProxiedCall[];
  /** Where calls are passed on to (the emulator, once it runs). */
  forwardTo(url: string): void;
  echoNextCreate(): void;
  stop(): Promise<void>;
}

export interface ProxiedCall {
  method: string;
  /** Without the query string. */
  path: string;
  /** The `as-user` header, null when the call had none (the default identity). */
  asUser: string | null;
}

const FORWARDED_HEADERS = ['authorization', 'content-type', 'accept', 'as-user'];
const RETURNED_HEADERS = ['content-type', 'retry-after', 'box-request-id', 'www-authenticate'];

export async function startEchoingBoxProxy(): Promise<EchoingBoxProxy> {
  let armed = false;
  let targetUrl = 'http://127.0.0.1:9';
  const calls: ProxiedCall[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const asUser = req.headers['as-user'];
    calls.push({
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0] ?? '/',
      asUser: typeof asUser === 'string' ? asUser : null,
    });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    if (armed && req.method === 'POST' && req.url === '/2.0/sign_requests') {
      armed = false;
      const request = JSON.parse(body) as { signers: { password?: string; verification_phone_number?: string }[] };
      const signer = request.signers[0];
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          type: 'error',
          status: 400,
          code: 'bad_request',
          message: `Invalid password ${signer?.password ?? ''} or phone ${signer?.verification_phone_number ?? ''} in ${body}`,
          request_id: 'echo-request-1',
          context_info: {
            errors: [{ reason: 'invalid_parameter', name: 'signers', message: `Invalid value ${body}` }],
          },
        }),
      );
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const response = await fetch(`${targetUrl}${req.url ?? '/'}`, {
      method: req.method,
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
    });
    const returned: Record<string, string> = {};
    for (const name of RETURNED_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) returned[name] = value;
    }
    res.writeHead(response.status, returned);
    res.end(Buffer.from(await response.arrayBuffer()));
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls: () => [...calls],
    forwardTo(url) {
      targetUrl = url;
    },
    echoNextCreate() {
      armed = true;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
