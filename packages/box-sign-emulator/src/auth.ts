import type { AccessToken, OAuth2Error } from './box/schemas';
import type { EmulatorClock } from './clock';
import { BoxApiError } from './errors';
import type { EmulatorResponse } from './http';
import type { IssuedToken } from './model';
import { opaqueToken } from './secrets';

export interface AuthConfig {
  /** The developer token valid at start-up (and after a reset), for `DEVELOPER_TOKEN_TTL_MS` on the emulator clock. */
  developerToken: string;
  clientId: string;
  clientSecret: string;
  tokenTtlSeconds: number;
}

/** Box's developer tokens last 60 minutes and cannot be refreshed (box-sign-api.md §5.1). */
export const DEVELOPER_TOKEN_TTL_MS = 60 * 60 * 1000;

const SUBJECT_TYPES = new Set(['enterprise', 'user']);

const oauthError = (error: string, description: string): EmulatorResponse => ({
  status: 400,
  json: { error, error_description: description } satisfies OAuth2Error,
});

/** What the control API answers for a minted developer token. */
export interface MintedDeveloperToken {
  developer_token: string;
  expires_at: string;
  expires_in: number;
}

/**
 * `POST /oauth2/token` (client credentials grant), developer tokens and bearer checks. Every token expires on the
 * emulator clock: an issued one after `tokenTtlSeconds`, a developer token 60 minutes after it was made (at start,
 * on reset, or minted through the control API, as "Generate Developer Token" does in Box's console).
 */
export class TokenIssuer {
  private tokens = new Map<string, number>();
  private developerTokens = new Map<string, number>();

  constructor(
    private readonly clock: EmulatorClock,
    private readonly config: AuthConfig,
  ) {
    this.restartDeveloperToken();
  }

  handleTokenRequest(body: string): EmulatorResponse {
    const form = new URLSearchParams(body);
    const grantType = form.get('grant_type');
    if (grantType === null || grantType === '') {
      return oauthError('invalid_request', 'Invalid grant_type parameter or parameter missing');
    }
    if (grantType !== 'client_credentials') return oauthError('unsupported_grant_type', 'Grant type is not supported');
    if (form.get('client_id') !== this.config.clientId || form.get('client_secret') !== this.config.clientSecret) {
      return oauthError('invalid_grant', 'Grant credentials are invalid');
    }
    const subjectType = form.get('box_subject_type');
    const subjectId = form.get('box_subject_id');
    if (subjectType === null || !SUBJECT_TYPES.has(subjectType) || subjectId === null || subjectId === '') {
      return oauthError('invalid_grant', 'Grant credentials are invalid');
    }
    const token = opaqueToken();
    this.tokens.set(token, this.clock.nowMs() + this.config.tokenTtlSeconds * 1000);
    const json: AccessToken = {
      access_token: token,
      expires_in: this.config.tokenTtlSeconds,
      token_type: 'bearer',
      restricted_to: [],
    };
    return { status: 200, json };
  }

  /** A new developer token, valid for 60 minutes from now; earlier ones stay valid until their own expiry. */
  mintDeveloperToken(): MintedDeveloperToken {
    const token = opaqueToken();
    const expiresAt = this.clock.nowMs() + DEVELOPER_TOKEN_TTL_MS;
    this.developerTokens.set(token, expiresAt);
    return {
      developer_token: token,
      expires_at: new Date(expiresAt).toISOString(),
      expires_in: DEVELOPER_TOKEN_TTL_MS / 1000,
    };
  }

  /**
   * Throws Box's 401 unless the header carries an unexpired developer or issued token. An expired token gets the
   * same answer as an unknown one, as from Box: `invalid_token`.
   */
  authorize(header: string | undefined): void {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    const token = match?.[1];
    if (token !== undefined && (this.isLive(this.developerTokens, token) || this.isLive(this.tokens, token))) return;
    throw new BoxApiError(401, 'unauthorized', 'Unauthorized', null, {
      'www-authenticate':
        'Bearer realm="Service", error="invalid_token", error_description="The access token provided is invalid."',
    });
  }

  private isLive(tokens: Map<string, number>, token: string): boolean {
    const expiresAt = tokens.get(token);
    return expiresAt !== undefined && expiresAt > this.clock.nowMs();
  }

  snapshot(): { tokens: IssuedToken[]; developer_tokens: IssuedToken[] } {
    const list = (tokens: Map<string, number>) => [...tokens].map(([token, expires_at]) => ({ token, expires_at }));
    return { tokens: list(this.tokens), developer_tokens: list(this.developerTokens) };
  }

  /** A state file written before developer tokens expired has none: the configured one then starts afresh. */
  restore(state: { tokens: IssuedToken[]; developer_tokens?: IssuedToken[] }): void {
    this.tokens = new Map(state.tokens.map((t) => [t.token, t.expires_at]));
    if (state.developer_tokens === undefined) this.restartDeveloperToken();
    else this.developerTokens = new Map(state.developer_tokens.map((t) => [t.token, t.expires_at]));
  }

  /** Back to the start-up state: no issued tokens, only the configured developer token, valid for 60 minutes. */
  reset(): void {
    this.tokens.clear();
    this.restartDeveloperToken();
  }

  private restartDeveloperToken(): void {
    this.developerTokens = new Map([[this.config.developerToken, this.clock.nowMs() + DEVELOPER_TOKEN_TTL_MS]]);
  }
}
