/**
 * The start-up check of a process that calls Box (the worker, the webhook receiver): get a token and make one cheap
 * authenticated call. Credentials Box rejects stop the process at once (exit 2, one line naming the settings);
 * a Box that cannot be reached does not: the process starts, says it is not ready, and checks again until Box
 * answers. Never a secret in what it says: only variable names, Box's error code and status.
 */
import type { Logger } from '../logging/logger';
import type { BoxAuthConfig } from './config';
import { BoxApiError } from './errors';
import type { BoxUsersApi } from './sign-client';

/** OAuth2 errors of the token endpoint that mean "these credentials will not work" (RFC 6749 §5.2). */
const REJECTED_GRANT_CODES = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client']);

export const RECHECK_EVERY_MS = 30_000;

/** Box rejected the configured credentials; `message` is the one line to print. */
export class BoxCredentialsRejectedError extends Error {
  override readonly name = 'BoxCredentialsRejectedError';
}

export type BoxCheck =
  | { outcome: 'accepted'; userId: string }
  | { outcome: 'rejected'; line: string }
  /** Box answered, but not with the user: e.g. a 403 for a scope, or a 404 from a wrong BOX_API_BASE_URL. */
  | { outcome: 'refused'; reason: string }
  | { outcome: 'unreachable'; reason: string };

export async function checkBox(box: BoxUsersApi, auth: BoxAuthConfig, processName: string): Promise<BoxCheck> {
  try {
    return { outcome: 'accepted', userId: (await box.getCurrentUser()).id };
  } catch (err) {
    if (!(err instanceof BoxApiError)) throw err;
    if (rejectsCredentials(err)) return { outcome: 'rejected', line: rejectedLine(err, auth, processName) };
    return err.retryable
      ? { outcome: 'unreachable', reason: err.message }
      : { outcome: 'refused', reason: err.message };
  }
}

function rejectsCredentials(err: BoxApiError): boolean {
  return err.status === 401 || (err.status === 400 && REJECTED_GRANT_CODES.has(err.code));
}

function rejectedLine(err: BoxApiError, auth: BoxAuthConfig, processName: string): string {
  const why = err.status === 401 ? `401 ${err.code}` : err.code;
  if (auth.kind === 'developer-token') {
    return (
      `${processName}: Box rejected the credentials in BOX_DEVELOPER_TOKEN (${why}); ` +
      'check it (a developer token lasts 60 minutes)'
    );
  }
  return (
    `${processName}: Box rejected the credentials in BOX_CLIENT_ID/BOX_CLIENT_SECRET (${why}); ` +
    'check them, and BOX_SUBJECT_TYPE/BOX_SUBJECT_ID'
  );
}

/**
 * At start-up: throws BoxCredentialsRejectedError when Box rejects the credentials; otherwise returns, having logged
 * a warning and "not ready: Box unreachable" if Box could not be reached (then re-checked in the background every
 * `recheckEveryMs` until it answers, logging "ready: Box reachable").
 */
export async function checkBoxAtStartup(
  box: BoxUsersApi,
  auth: BoxAuthConfig,
  processName: string,
  logger: Logger,
  recheckEveryMs: number = RECHECK_EVERY_MS,
): Promise<BoxStartupStatus> {
  const check = await checkBox(box, auth, processName);
  if (check.outcome === 'rejected') throw new BoxCredentialsRejectedError(check.line);
  const status = new BoxStartupStatus(check);
  if (check.outcome === 'accepted') {
    logger.info('Box accepted the credentials', { boxUserId: check.userId });
    return status;
  }
  report(check, logger);
  recheckUntilReachable(box, auth, processName, logger, recheckEveryMs, status);
  return status;
}

/** For readiness (/readyz): why Box has not accepted the credentials, or null once it has. */
export class BoxStartupStatus {
  constructor(private check: BoxCheck) {}

  update(check: BoxCheck): void {
    this.check = check;
  }

  problem(): string | null {
    switch (this.check.outcome) {
      case 'accepted':
        return null;
      case 'rejected':
        return 'Box rejected the credentials';
      case 'refused':
        return `Box refused the start-up check: ${this.check.reason}`;
      case 'unreachable':
        return 'Box unreachable at start-up';
    }
  }
}

function report(check: Extract<BoxCheck, { outcome: 'refused' | 'unreachable' }>, logger: Logger): void {
  if (check.outcome === 'refused') {
    logger.warn(`Box refused the start-up check; starting anyway: ${check.reason}`);
    return;
  }
  logger.warn(`Box unreachable at start-up; starting anyway, Box calls are retried: ${check.reason}`);
  logger.warn('not ready: Box unreachable');
}

function recheckUntilReachable(
  box: BoxUsersApi,
  auth: BoxAuthConfig,
  processName: string,
  logger: Logger,
  everyMs: number,
  status: BoxStartupStatus,
): void {
  const timer = setInterval(() => {
    void checkBox(box, auth, processName).then(
      (check) => {
        if (check.outcome === 'unreachable') return;
        status.update(check);
        clearInterval(timer);
        if (check.outcome === 'rejected') logger.error(check.line);
        else logger.info('ready: Box reachable');
      },
      () => undefined,
    );
  }, everyMs);
  timer.unref();
}
