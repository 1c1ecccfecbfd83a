import Fastify from 'fastify';
import type { FastifyServerOptions } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';

/**
 * The project's one HTTP stack: every server (API, emulator, webhook receiver, codec server) is a fastify app made
 * here, with zod schemas for validation and serialisation. Fastify's own pino logger stays off: each server logs
 * through the project's redacting JSON logger (see request-log.ts).
 */
export interface HttpAppOptions {
  /** Largest request body accepted; fastify answers 413 past it. */
  bodyLimitBytes?: number;
  /** Whole-request time limit (0 = none): a client that trickles its body is cut off. */
  requestTimeoutMs?: number;
  /**
   * Path matching (fastify's defaults otherwise): a server that stands in for another API (the Box emulator)
   * matches paths as leniently as that API does.
   */
  routerOptions?: Pick<
    NonNullable<FastifyServerOptions['routerOptions']>,
    'ignoreTrailingSlash' | 'ignoreDuplicateSlashes' | 'maxParamLength'
  >;
  /** Answers a URL fastify cannot route at all (bad percent-encoding, an over-long parameter). */
  frameworkErrors?: FastifyServerOptions['frameworkErrors'];
}

export function createHttpApp(options: HttpAppOptions = {}) {
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    return503OnClosing: true,
    forceCloseConnections: true,
    ...(options.routerOptions === undefined ? {} : { routerOptions: options.routerOptions }),
    ...(options.frameworkErrors === undefined ? {} : { frameworkErrors: options.frameworkErrors }),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  return app.withTypeProvider<ZodTypeProvider>();
}

export type ZodHttpApp = ReturnType<typeof createHttpApp>;
