import type { IncomingHttpHeaders } from 'node:http';
import { BoxApiError, ControlError } from './errors';
import { isRecord } from './http';
import type { EmulatorUser, StoredSignRequest } from './model';
import { sameEmail } from './model';

export type { EmulatorUser };

/** Where a user comes from: the one the tokens authenticate, the built-in senders, or added through the control API. */
export type UserKind = 'authenticated' | 'built_in' | 'added';

export interface EmulatorUserView extends EmulatorUser {
  kind: UserKind;
}

/** Who the tokens authenticate (the app's service account) unless started with another `senderId`/`senderEmail`. */
export const AUTHENTICATED_USER: EmulatorUser = {
  id: '11446498',
  login: 'sender@emulator.box.test',
  name: 'Box Sign emulator',
};

/** Users a request can be sent as (`as-user`), always present: one per department of a typical deployment. */
export const EMULATOR_USERS: readonly EmulatorUser[] = [
  { id: '20001', login: 'hr.sender@emulator.box.test', name: 'HR Sender' },
  { id: '20002', login: 'sales.sender@emulator.box.test', name: 'Sales Sender' },
  { id: '20003', login: 'legal.sender@emulator.box.test', name: 'Legal Sender' },
];

/**
 * Box's answer when `as-user` names someone the token may not act as (an unknown user, or the service account
 * itself): 403 with only a `WWW-Authenticate` header and an empty body (as observed: box/box-python-sdk#243).
 */
export class AsUserRefused extends BoxApiError {
  constructor() {
    super(
      403,
      'insufficient_scope',
      'The request requires higher privileges than provided by the access token.',
      null,
      {
        'www-authenticate':
          'Bearer realm="Service", error="insufficient_scope", error_description="The request requires higher privileges than provided by the access token."',
      },
    );
  }
}

/** The emulator's users: the authenticated one, the built-in ones and the ones added through the control API. */
export class UserDirectory {
  private added: EmulatorUser[] = [];

  constructor(readonly authenticated: EmulatorUser) {}

  list(): EmulatorUserView[] {
    return [
      { ...this.authenticated, kind: 'authenticated' as const },
      ...this.builtIn().map((u) => ({ ...u, kind: 'built_in' as const })),
      ...this.added.map((u) => ({ ...u, kind: 'added' as const })),
    ];
  }

  find(id: string): EmulatorUser | undefined {
    return this.all().find((u) => u.id === id);
  }

  /** 409 when the id or the login is taken: Box's ids and logins are unique. */
  add(user: EmulatorUser): EmulatorUser {
    const taken = this.all().find((u) => u.id === user.id || sameEmail(u.login, user.login));
    if (taken !== undefined) {
      const field = taken.id === user.id ? 'id' : 'login';
      throw new ControlError(409, { error: 'user_exists', field, message: `a user with this ${field} exists` });
    }
    this.added.push({ ...user });
    return { ...user };
  }

  /**
   * The user a Box call acts as: the authenticated user without `as-user`, else the user it names. Throws
   * AsUserRefused for an id nobody has and for the authenticated user's own (Box: a service account cannot be
   * named in `as-user`).
   */
  acting(headers: IncomingHttpHeaders): EmulatorUser {
    const raw = headers['as-user'];
    if (raw === undefined) return this.authenticated;
    const id = (Array.isArray(raw) ? raw.join(',') : raw).trim();
    const user = id === this.authenticated.id ? undefined : this.find(id);
    if (user === undefined) throw new AsUserRefused();
    return user;
  }

  /** The request's sender as a user; one not in the directory (a state file of another emulator) from its fields. */
  senderOf(request: Pick<StoredSignRequest, 'sender_id' | 'sender_email'>): EmulatorUser {
    const id = String(request.sender_id);
    return this.find(id) ?? { id, login: request.sender_email, name: request.sender_email };
  }

  snapshot(): EmulatorUser[] {
    return this.added.map((u) => ({ ...u }));
  }

  /** Users of the state file that clash with the start-up ones are left out. */
  restore(added: EmulatorUser[] | undefined): void {
    this.added = [];
    for (const user of added ?? []) if (this.find(user.id) === undefined) this.added.push({ ...user });
  }

  /** Back to the start-up users: added ones are gone. */
  reset(): void {
    this.added = [];
  }

  private builtIn(): readonly EmulatorUser[] {
    return EMULATOR_USERS.filter((u) => u.id !== this.authenticated.id);
  }

  private all(): EmulatorUser[] {
    return [this.authenticated, ...this.builtIn(), ...this.added];
  }
}

/** `POST /_emulator/users`: `{id (digits), login (an email), name?}`; name defaults to the login. */
export function parseNewUser(body: unknown): EmulatorUser {
  const invalid = (message: string) => new ControlError(400, { error: 'invalid_user', message });
  if (!isRecord(body)) throw invalid('body must be a JSON object');
  const { id, login, name } = body;
  if (typeof id !== 'string' || !/^\d{1,20}$/.test(id)) throw invalid("'id' must be a string of 1 to 20 digits");
  if (typeof login !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(login)) throw invalid("'login' must be an email address");
  if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) {
    throw invalid("'name' must be a non-empty string");
  }
  return { id, login, name: name ?? login };
}
