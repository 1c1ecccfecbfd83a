import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Answers a request no route matches as soon as its headers are in, before fastify reads a body nobody will use
 * (otherwise an unknown path with a large body would get a 413 instead of its 404). `answer` decides between 404
 * and 405 and must send the reply.
 */
export function answerUnmatchedEarly(
  app: FastifyInstance,
  answer: (request: FastifyRequest, reply: FastifyReply) => FastifyReply,
): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.is404) return answer(request, reply);
  });
  app.setNotFoundHandler(async (request, reply) => answer(request, reply));
}
