import { createHash } from 'node:crypto';
import { ServiceContext, asReal } from '../core/context';

class FakeUser implements Pick<GoogleAppsScript.Base.User, 'getEmail'> {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly email: string,
  ) {}

  getEmail(): string {
    return this.ctx.runtime.guard('Session', 'User.getEmail', 'read', () => this.email);
  }
}

type SessionMethods =
  | 'getActiveUser'
  | 'getEffectiveUser'
  | 'getScriptTimeZone'
  | 'getActiveUserLocale'
  | 'getTemporaryActiveUserKey';

export interface SessionOptions {
  /**
   * Whether `getActiveUser().getEmail()` answers '' for this user. Session's reference
   * (developers.google.com/apps-script/reference/base/session#getActiveUser()): "If security
   * policies do not allow access to the user's identity, User.getEmail() returns a blank string",
   * and the restrictions "generally do not apply if the developer runs the script themselves or
   * belongs to the same Google Workspace domain as the user": for consumer accounts, every user
   * but the script's developer (the spreadsheet's owner, for a bound script) may get ''.
   */
  blankActiveUser?: (user: string) => boolean;
}

/**
 * Who the execution is. In this bound project every execution runs as one user: the one who
 * opened the menu or sidebar, or a trigger's owner, under whose authority an installable trigger
 * runs; that user is both the active and the effective user here.
 */
class FakeSession implements Pick<GoogleAppsScript.Base.Session, SessionMethods> {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly opts: SessionOptions = {},
  ) {}

  getActiveUser(): GoogleAppsScript.Base.User {
    return this.read('getActiveUser', () => {
      const user = this.ctx.user();
      const blank = this.opts.blankActiveUser?.(user) ?? false;
      return asReal<GoogleAppsScript.Base.User>(new FakeUser(this.ctx, blank ? '' : user));
    });
  }

  getEffectiveUser(): GoogleAppsScript.Base.User {
    return this.read('getEffectiveUser', () => this.user());
  }

  getScriptTimeZone(): string {
    return this.read('getScriptTimeZone', () => this.ctx.timeZone);
  }

  getActiveUserLocale(): string {
    return this.read('getActiveUserLocale', () => 'en');
  }

  /** Documented as a key unique to the active user and script, stable for 30 days. */
  getTemporaryActiveUserKey(): string {
    return this.read('getTemporaryActiveUserKey', () =>
      createHash('sha256')
        .update(`${this.ctx.scriptId}:${this.ctx.user()}`)
        .digest('base64url')
        .slice(0, 43),
    );
  }

  private user(): GoogleAppsScript.Base.User {
    return asReal<GoogleAppsScript.Base.User>(new FakeUser(this.ctx, this.ctx.user()));
  }

  private read<T>(method: string, body: () => T): T {
    return this.ctx.runtime.guard('Session', method, 'read', body);
  }
}

export function createSession(
  ctx: ServiceContext,
  opts: SessionOptions = {},
): GoogleAppsScript.Base.Session {
  return asReal<GoogleAppsScript.Base.Session>(new FakeSession(ctx, opts));
}
