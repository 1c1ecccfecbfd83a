import type { FastifyInstance } from 'fastify';

/** `type/subtype` with optional parameters, as fastify requires before it hands a body to any parser. */
const MEDIA_TYPE = /^\s*[\w!#$%&'*+.^`|~-]+\/[\w!#$%&'*+.^`|~-]+\s*(;|$)/;

/**
 * Bodies of any content type (or none declared) reach handlers exactly as sent, as a string or as the raw bytes,
 * instead of being parsed by fastify's JSON and text parsers. For servers that must see the bytes (a webhook
 * signature covers them) or parse the way another API does (the Box emulator). The app's body limit still applies.
 */
export function acceptAnyBody(app: FastifyInstance, parseAs: 'string' | 'buffer'): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs }, (_request, body, done) => done(null, body));
  // Fastify refuses a malformed Content-Type with 415 before any parser runs; here the type never matters, so a
  // malformed one counts as none and the body is still read.
  app.addHook('onRequest', (request, _reply, done) => {
    const type = request.headers['content-type'];
    if (type !== undefined && !MEDIA_TYPE.test(type)) delete request.headers['content-type'];
    done();
  });
}
