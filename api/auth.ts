import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiClientEntry, ApiClients } from '../config/api-clients';
import { replyProblem } from './problems';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated API client (set on /v1 routes). */
    apiClient: ApiClientEntry | null;
  }
}

/** The clients currently in force: SIGHUP swaps in a re-read key file. */
export interface ApiClientsSource {
  current: ApiClients;
}

/**
 * `Authorization: Bearer <key>`; 401 as a problem document without one or with a key no client holds (`onFailure`
 * hears of it first: the per-address limit on failed authentication).
 */
export function bearerAuth(clients: ApiClientsSource, onFailure: (request: FastifyRequest) => void = () => undefined) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const match = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '');
    const client = match?.[1] === undefined ? undefined : clients.current.authenticate(match[1]);
    if (client === undefined) {
      onFailure(request);
      reply.header('www-authenticate', 'Bearer');
      await replyProblem(
        reply,
        'unauthorized',
        match ? 'The API key is not valid.' : 'Send the API key as Authorization: Bearer <key>.',
      );
      return;
    }
    request.apiClient = client;
  };
}

/** The client of an authenticated request (the hook guarantees one on /v1 routes). */
export function clientOf(request: FastifyRequest): ApiClientEntry {
  if (request.apiClient === null) throw new Error('route reached without authentication');
  return request.apiClient;
}
