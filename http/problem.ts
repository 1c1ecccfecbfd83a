import type { FastifyReply } from 'fastify';

/** One broken rule of a request: which field and what is wrong. Never the value (it may be a secret). */
export interface ProblemFieldError {
  field: string;
  rule: string;
}

/** An RFC 9457 problem document. `type` is a stable URI-ish name a client can switch on. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: ProblemFieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}
