import type { FastifyReply } from 'fastify';

/**
 * Sends `body` as JSON under exactly `content-type: application/json`, as the server always did (fastify would
 * append `; charset=utf-8` to a JSON type it serialises): for servers whose replies copy another API's headers.
 */
export function sendExactJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/json')
    .send(Buffer.from(JSON.stringify(body)));
}
