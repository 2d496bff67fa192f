import { createContext, ServiceContext } from '../core/context';
import { createSession } from './session';

const OPS = 'ops@example.com';
const ANA = 'ana@example.com';

function run<T>(ctx: ServiceContext, body: () => T, user = OPS): T {
  const result = ctx.runtime.execute('test', user, body);
  if (!result.ok) throw new Error(`execution failed: ${result.error}`);
  return result.value as T;
}

describe('Session', () => {
  test('the active and effective user are the user the execution runs as', () => {
    const ctx = createContext({ timeZone: 'Europe/Paris' });
    const session = createSession(ctx);
    const seen = run(ctx, () => {
      const outer = session.getActiveUser().getEmail();
      let inner = '';
      ctx.runtime.execute('nested', ANA, () => {
        inner = session.getEffectiveUser().getEmail();
      });
      return { outer, inner, zone: session.getScriptTimeZone() };
    });
    expect(seen).toEqual({ outer: OPS, inner: ANA, zone: 'Europe/Paris' });
  });

  test('the temporary active user key is stable per user and differs between users', () => {
    const ctx = createContext();
    const session = createSession(ctx);
    const key = (user: string) => run(ctx, () => session.getTemporaryActiveUserKey(), user);
    expect(key(OPS)).toBe(key(OPS));
    expect(key(OPS)).not.toBe(key(ANA));
  });
});

describe('blank active user', () => {
  test('getActiveUser().getEmail() is blank for the users the option names', () => {
    const ctx = createContext();
    const session = createSession(ctx, { blankActiveUser: (u) => u !== OPS });
    expect(run(ctx, () => session.getActiveUser().getEmail())).toBe(OPS);
    expect(run(ctx, () => session.getActiveUser().getEmail(), ANA)).toBe('');
    // The effective user and the temporary key still name the user.
    expect(run(ctx, () => session.getEffectiveUser().getEmail(), ANA)).toBe(ANA);
    expect(run(ctx, () => session.getTemporaryActiveUserKey(), ANA)).not.toBe('');
  });
});
