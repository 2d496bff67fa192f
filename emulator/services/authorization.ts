/**
 * What each user has granted the script: the OAuth scopes of its manifest (`oauthScopes` of the
 * deployment's appsscript.json), all of them unless a test withholds some, and
 * `ScriptApp.getAuthorizationInfo` over them.
 *
 * Source: the AuthorizationInfo reference (developers.google.com/apps-script/reference/script/
 * authorization-info): "Some script executions can start without a user's consent to all
 * required scopes used by the script"; `getAuthorizationStatus()` tells "whether the user needs
 * to authorize this script to use one or more services"; `getAuthorizationUrl()` "returns null"
 * when "no authorization is required"; `getAuthorizedScopes()` "Gets a list of authorized scopes
 * for the script. If authorization info is requested for a specified list of scopes, returns the
 * authorized scopes from the specified list". ScriptApp.getAuthorizationInfo(authMode,
 * oAuthScopes) (developers.google.com/apps-script/reference/script/script-app) takes that list.
 *
 * Not emulated: the services themselves still answer when a scope is withheld (Google would
 * refuse the call); only what the script can learn from AuthorizationInfo changes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ServiceContext, asReal } from '../core/context';
import { EmulatorUsageError, ScriptException } from '../core/errors';

export class ScopeGrants {
  private readonly withheld = new Map<string, Set<string>>();

  constructor(private readonly manifestScopes: () => string[]) {}

  /** The scopes the deployment's manifest asks for. */
  required(): string[] {
    return this.manifestScopes();
  }

  /** `user` has not granted `scope` (as after unticking it on Google's consent screen). */
  withhold(user: string, scope: string): void {
    if (!this.required().includes(scope)) {
      throw new EmulatorUsageError(`${scope} is not one of the manifest's oauthScopes`);
    }
    if (!this.withheld.has(user)) this.withheld.set(user, new Set());
    this.withheld.get(user)!.add(scope);
  }

  /** `user` grants every scope again. */
  grantAll(user: string): void {
    this.withheld.delete(user);
  }

  granted(user: string, scope: string): boolean {
    return this.required().includes(scope) && !this.withheld.get(user)?.has(scope);
  }
}

/** The manifest's `oauthScopes` in `distDir`, or none when there is no manifest. */
export function manifestScopes(distDir: string): string[] {
  const file = path.join(distDir, 'appsscript.json');
  if (!fs.existsSync(file)) return [];
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { oauthScopes?: unknown };
  return Array.isArray(manifest.oauthScopes) ? manifest.oauthScopes.map(String) : [];
}

class FakeAuthorizationInfo {
  constructor(
    private readonly status: GoogleAppsScript.Script.AuthorizationStatus,
    private readonly url: string | null,
    private readonly scopes: string[],
  ) {}

  getAuthorizationStatus(): GoogleAppsScript.Script.AuthorizationStatus {
    return this.status;
  }

  getAuthorizationUrl(): string | null {
    return this.url;
  }

  getAuthorizedScopes(): string[] {
    return [...this.scopes];
  }
}

/** ScriptApp.getAuthorizationInfo for the execution's user. */
export function authorizationInfo(
  ctx: ServiceContext,
  grants: ScopeGrants,
  authMode: unknown,
  oAuthScopes: unknown,
): GoogleAppsScript.Script.AuthorizationInfo {
  if (typeof authMode !== 'string') throw new ScriptException('Invalid argument: authMode');
  if (oAuthScopes !== undefined && !Array.isArray(oAuthScopes)) {
    throw new ScriptException('Invalid argument: oAuthScopes');
  }
  const user = ctx.user();
  const asked = oAuthScopes === undefined ? grants.required() : oAuthScopes.map(String);
  const authorized = asked.filter((s) => grants.granted(user, s));
  const missing = asked.some((s) => !grants.granted(user, s));
  const status = asReal<GoogleAppsScript.Script.AuthorizationStatus>(
    missing ? 'REQUIRED' : 'NOT_REQUIRED',
  );
  const url = missing ? `https://script.google.com/macros/d/${ctx.scriptId}/authorize` : null;
  return asReal<GoogleAppsScript.Script.AuthorizationInfo>(
    new FakeAuthorizationInfo(status, url, authorized),
  );
}
