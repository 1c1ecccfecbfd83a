export type { BoxAuthConfig, BoxClientConfig } from './config';
export { ConfigError } from '../config/config-error';
export {
  DEFAULT_BOX_API_BASE_URL,
  DEFAULT_BOX_HTTP_TIMEOUT_MS,
  DEFAULT_BOX_UPLOAD_BASE_URL,
  deriveTokenUrl,
  loadBoxConfig,
} from './config';
export type { BoxApiErrorInit } from './errors';
export { BOX_CLIENT_CODES, BoxApiError, isRetryableStatus, parseRetryAfter, toBoxApiError } from './errors';
export type { ClientCredentialsOptions, TokenProvider } from './auth';
export {
  TOKEN_RENEWAL_MARGIN_MS,
  createClientCredentialsTokenProvider,
  createDeveloperTokenProvider,
  createTokenProvider,
} from './auth';
export type { BoxSignApi, BoxSignClientDeps, BoxUsersApi, BoxWebhooksApi } from './sign-client';
export { createBoxSignClient } from './sign-client';
export type * from './models';
export type * from './webhook-models';
