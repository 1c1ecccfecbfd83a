import type { BoxAccessToken, BoxOAuth2Error } from '../box/models';
import type { EmulatorClock } from './clock';
import { BoxApiError } from './errors';
import type { EmulatorResponse } from './http';
import type { IssuedToken } from './model';
import { opaqueToken } from './secrets';

export interface AuthConfig {
  developerToken: string;
  clientId: string;
  clientSecret: string;
  tokenTtlSeconds: number;
}

const SUBJECT_TYPES = new Set(['enterprise', 'user']);

const oauthError = (error: string, description: string): EmulatorResponse => ({
  status: 400,
  json: { error, error_description: description } satisfies BoxOAuth2Error,
});

/** `POST /oauth2/token` (client credentials grant) and bearer checks; expiry runs on the emulator clock. */
export class TokenIssuer {
  private tokens = new Map<string, number>();

  constructor(
    private readonly clock: EmulatorClock,
    private readonly config: AuthConfig,
  ) {}

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
    const json: BoxAccessToken = {
      access_token: token,
      expires_in: this.config.tokenTtlSeconds,
      token_type: 'bearer',
      restricted_to: [],
    };
    return { status: 200, json };
  }

  /** Throws Box's 401 unless the header carries the developer token or an unexpired issued token. */
  authorize(header: string | undefined): void {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    const token = match?.[1];
    if (token !== undefined && (token === this.config.developerToken || this.isLive(token))) return;
    throw new BoxApiError(401, 'unauthorized', 'Unauthorized', null, {
      'www-authenticate':
        'Bearer realm="Service", error="invalid_token", error_description="The access token provided is invalid."',
    });
  }

  private isLive(token: string): boolean {
    const expiresAt = this.tokens.get(token);
    return expiresAt !== undefined && expiresAt > this.clock.nowMs();
  }

  snapshot(): IssuedToken[] {
    return [...this.tokens].map(([token, expires_at]) => ({ token, expires_at }));
  }

  restore(tokens: IssuedToken[]): void {
    this.tokens = new Map(tokens.map((t) => [t.token, t.expires_at]));
  }
}
