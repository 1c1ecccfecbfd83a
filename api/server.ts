import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Client } from '@temporalio/client';
import type { Registry } from 'prom-client';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ZodHttpApp } from '../http/app';
import { createHttpApp } from '../http/app';
import { API_LIMIT_SETTINGS } from '../config/settings/api-limits';
import { DOCUMENT_SETTINGS } from '../config/settings/documents';
import { logRequests } from '../http/request-log';
import { countHttpRequests, createMetricsRegistry } from '../metrics/prom-metrics';
import type { SecretSealing } from '../encryption/sealing-keys';
import type { StartBindingKeys } from '../encryption/start-binding';
import type { Logger } from '../logging/logger';
import type { ApiClientsSource } from './auth';
import { bearerAuth } from './auth';
import type { BoxUploadApi } from '../box/upload-api';
import { defaultCallbackResolver } from '../callbacks/callback-resolver';
import type { Resolve } from '../callbacks/url-policy';
import { withBinaryBodies } from './document-schemas';
import { registerDocumentRoutes } from './documents';
import { apiErrorHandler } from './error-handler';
import { registerMetaRoutes } from './meta-routes';
import { answerUnmatchedRoutes } from './method-not-allowed';
import { tidyOpenApiDocument } from './openapi-document';
import { registerSignRequestRoutes } from './routes';
import { registerEventFeedRoutes } from './event-feed-routes';
import { registerReissueRoutes } from './reissue-routes';
import { registerEvidenceRoutes } from './evidence-routes';
import { ApiLimits } from './limits/api-limits';
import type { BoxFilesApi } from '../box/file-content';

const L = API_LIMIT_SETTINGS;

export interface ApiServerOptions {
  client: Client;
  clients: ApiClientsSource;
  taskQueue: string;
  createWaitMs: number;
  sealing: SecretSealing;
  /** The keys that bind each start to its client (api/config.ts); null only without payload encryption. */
  startBinding: StartBindingKeys | null;
  rateLimitPerMinute: number;
  /** API_AUTH_FAILURES_PER_MINUTE (default 30). */
  authFailuresPerMinute?: number;
  /** API_LONG_POLLS_PER_CLIENT (default 10). */
  longPollsPerClient?: number;
  /** API_MIN_POLL_INTERVAL_MS (default 30 s). */
  minPollIntervalMs?: number;
  bodyLimitBytes: number;
  requestTimeoutMs: number;
  callbackAllowHosts: readonly string[];
  /** Callback hosts' addresses: the timed resolver of BOX_SIGN_CALLBACK_DNS_* (its defaults when absent). */
  callbackResolve?: Resolve;
  /** BOX_SIGN_ALLOWED_SENDERS: the senders a request may name, narrowed by a client's own `senders`. */
  allowedSenders: readonly string[];
  logger: Logger;
  /** Box's upload API for POST /v1/documents; absent: the API holds no Box credentials (that route answers 503). */
  box?: BoxUploadApi;
  /** DOCUMENT_MAX_BYTES (default 500 MiB). */
  documentMaxBytes?: number;
  /** Where the API's metrics go (served on API_METRICS_PORT by api/metrics-server.ts); its own registry if absent. */
  metrics?: Registry;
  /** Box's file downloads, for the documents routes (as each request's sender); absent: they answer 502. */
  files?: BoxFilesApi;
}

/**
 * The HTTP API for business systems: /v1 behind bearer keys and its limits (api/limits: a per-address limit on failed
 * authentication, then a per-client rate limit at the first hook after the key is known), plus public meta routes.
 */
export async function buildApiServer(options: ApiServerOptions): Promise<ZodHttpApp> {
  const app = createHttpApp({ bodyLimitBytes: options.bodyLimitBytes, requestTimeoutMs: options.requestTimeoutMs });
  const limits = new ApiLimits({
    requestsPerMinute: options.rateLimitPerMinute,
    authFailuresPerMinute: options.authFailuresPerMinute ?? L.API_AUTH_FAILURES_PER_MINUTE.default,
    longPollsPerClient: options.longPollsPerClient ?? L.API_LONG_POLLS_PER_CLIENT.default,
  });
  app.addHook('onClose', (_instance, done) => {
    limits.close();
    done();
  });
  app.decorateRequest('apiClient', null);
  logRequests(app, options.logger, (request) => ({ client: request.apiClient?.name ?? null }));
  app.setErrorHandler(apiErrorHandler(options.logger));
  answerUnmatchedRoutes(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'box-sign-temporal API',
        version: '1.0.0',
        description: 'Verified Box Sign requests for business systems. Errors are RFC 9457 problem documents.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The API key' } } },
    },
    transform: withBinaryBodies(jsonSchemaTransform),
    transformObject: (input) => tidyOpenApiDocument(jsonSchemaTransformObject(input)),
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { url: '/openapi.json' } });
  registerMetaRoutes(app, options.client);
  // Counted here, served on the metrics port only: the public port tells callers nothing about the deployment.
  countHttpRequests(app, options.metrics ?? createMetricsRegistry());
  await app.register(
    async (scope) => {
      const v1 = scope.withTypeProvider<ZodTypeProvider>();
      v1.addHook('onRequest', limits.refuseFailingAddress);
      v1.addHook(
        'onRequest',
        bearerAuth(options.clients, (request) => limits.authenticationFailed(request)),
      );
      v1.addHook('onRequest', limits.chargeClient);
      registerSignRequestRoutes(v1, {
        client: options.client,
        taskQueue: options.taskQueue,
        createWaitMs: options.createWaitMs,
        sealing: options.sealing,
        startBinding: options.startBinding,
        callbackAllowHosts: options.callbackAllowHosts,
        callbackResolve: options.callbackResolve ?? defaultCallbackResolver(),
        allowedSenders: options.allowedSenders,
        minPollIntervalMs: options.minPollIntervalMs ?? L.API_MIN_POLL_INTERVAL_MS.default,
        limits,
        logger: options.logger,
      });
      registerEvidenceRoutes(v1, { client: options.client, files: options.files, logger: options.logger });
      registerEventFeedRoutes(v1, { client: options.client });
      registerReissueRoutes(v1, {
        client: options.client,
        createWaitMs: options.createWaitMs,
        sealing: options.sealing,
        startBinding: options.startBinding,
      });
      await registerDocumentRoutes(v1, {
        box: options.box ?? null,
        maxBytes: options.documentMaxBytes ?? DOCUMENT_SETTINGS.DOCUMENT_MAX_BYTES.default,
        allowedSenders: options.allowedSenders,
        logger: options.logger,
      });
    },
    { prefix: '/v1' },
  );
  return app;
}
