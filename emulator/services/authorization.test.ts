import { createContext } from '../core/context';
import { ScopeGrants } from './authorization';
import { TriggerRegistry, createScriptApp } from './script';

const OPS = 'ops@example.com';
const SHEETS = 'https://www.googleapis.com/auth/spreadsheets';
const DRIVE = 'https://www.googleapis.com/auth/drive';

function setup() {
  const ctx = createContext({ seed: 2 });
  const grants = new ScopeGrants(() => [SHEETS, DRIVE]);
  const app = createScriptApp(ctx, new TriggerRegistry(), (u) => `t:${u}`, grants);
  type Info = GoogleAppsScript.Script.AuthorizationInfo & { getAuthorizedScopes(): string[] };
  const info = (scopes?: string[]) => {
    const r = ctx.runtime.execute('test', OPS, () =>
      (app.getAuthorizationInfo as (m: unknown, s?: string[]) => Info)(app.AuthMode.FULL, scopes),
    );
    if (!r.ok) throw new Error(String(r.error));
    const i = r.value as Info;
    return {
      status: String(i.getAuthorizationStatus()),
      url: i.getAuthorizationUrl(),
      scopes: i.getAuthorizedScopes(),
    };
  };
  return { grants, info };
}

describe('ScriptApp.getAuthorizationInfo', () => {
  test('every manifest scope granted: not required, no URL, all scopes listed', () => {
    const { info } = setup();
    expect(info()).toEqual({ status: 'NOT_REQUIRED', url: null, scopes: [SHEETS, DRIVE] });
  });

  test('a withheld scope: required, a URL, and only the granted scopes of the list asked', () => {
    const { grants, info } = setup();
    grants.withhold(OPS, DRIVE);
    const all = info();
    expect(all.status).toBe('REQUIRED');
    expect(all.url).toMatch(/^https:\/\/script\.google\.com\//);
    expect(all.scopes).toEqual([SHEETS]);
    expect(info([SHEETS])).toEqual({ status: 'NOT_REQUIRED', url: null, scopes: [SHEETS] });
    grants.grantAll(OPS);
    expect(info().status).toBe('NOT_REQUIRED');
  });

  test('withholding a scope the manifest does not ask for is a usage error', () => {
    const { grants } = setup();
    expect(() => grants.withhold(OPS, 'https://www.googleapis.com/auth/gmail.send')).toThrow(
      /not one of the manifest/,
    );
  });
});
