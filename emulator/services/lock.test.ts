import { createContext, ServiceContext } from '../core/context';
import { RunResult } from '../core/runtime';
import { LOCK_TIMEOUT_MESSAGE, LockManager, createLockService } from './lock';

const OPS = 'ops@example.com';
const ANA = 'ana@example.com';

function setup() {
  const ctx = createContext({ seed: 11 });
  const manager = new LockManager();
  return { ctx, manager, service: createLockService(ctx, manager) };
}

function run<T>(ctx: ServiceContext, body: () => T, user = OPS): T {
  const result = ctx.runtime.execute('test', user, body);
  if (!result.ok) throw new Error(`execution failed: ${result.error}`);
  return result.value as T;
}

/** Starts `second` as another execution the next time the running one makes a service call. */
function whileNextCall(ctx: ServiceContext, second: () => void): void {
  const off = ctx.runtime.onCall(() => {
    off();
    second();
  });
}

describe('LockService', () => {
  test('tryLock, hasLock and releaseLock on a free lock', () => {
    const { ctx, service } = setup();
    const states = run(ctx, () => {
      const lock = service.getScriptLock();
      const before = lock.hasLock();
      const got = lock.tryLock(1000);
      const during = lock.hasLock();
      lock.releaseLock();
      return [before, got, during, lock.hasLock()];
    });
    expect(states).toEqual([false, true, true, false]);
  });

  test('a lock held by another running execution: tryLock waits its timeout and fails', () => {
    const { ctx, service } = setup();
    let second: RunResult<{ got: boolean; waited: number }> | undefined;
    run(ctx, () => {
      const lock = service.getScriptLock();
      expect(lock.tryLock(0)).toBe(true);
      whileNextCall(ctx, () => {
        second = ctx.runtime.execute('second', ANA, () => {
          const start = ctx.clock.now();
          const got = service.getScriptLock().tryLock(5000);
          return { got, waited: ctx.clock.now() - start };
        });
      });
      expect(lock.hasLock()).toBe(true);
    });
    expect(second?.ok).toBe(true);
    expect(second?.value?.got).toBe(false);
    expect(second?.value?.waited).toBeGreaterThanOrEqual(5000);
  });

  test('waitLock throws Google’s timeout exception', () => {
    const { ctx, service } = setup();
    let second: RunResult | undefined;
    run(ctx, () => {
      service.getScriptLock().waitLock(0);
      whileNextCall(ctx, () => {
        second = ctx.runtime.execute('second', ANA, () => service.getScriptLock().waitLock(2000));
      });
      service.getScriptLock().hasLock();
    });
    expect(second?.ok).toBe(false);
    expect(second?.error).toBe(LOCK_TIMEOUT_MESSAGE);
  });

  test('a lock is released when the execution holding it ends, even when killed', () => {
    const { ctx, service } = setup();
    run(ctx, () => service.getScriptLock().tryLock(0));
    expect(run(ctx, () => service.getScriptLock().tryLock(0), ANA)).toBe(true);

    const killed = ctx.runtime.execute('long', OPS, () => {
      service.getDocumentLock().waitLock(0);
      ctx.runtime.wait(ctx.runtime.limitMs + 1);
    });
    expect(killed.killed).toBe(true);
    expect(run(ctx, () => service.getDocumentLock().tryLock(0), ANA)).toBe(true);
  });

  test('user locks are per user; script and document locks are shared', () => {
    const { ctx, service } = setup();
    let results: boolean[] = [];
    run(ctx, () => {
      service.getUserLock().waitLock(0);
      service.getScriptLock().waitLock(0);
      whileNextCall(ctx, () => {
        ctx.runtime.execute('second', ANA, () => {
          results = [service.getUserLock().tryLock(0), service.getScriptLock().tryLock(0)];
        });
      });
      service.getScriptLock().hasLock();
    });
    expect(results).toEqual([true, false]);
  });

  test('a second Lock object in the same execution shares its hold', () => {
    const { ctx, service } = setup();
    const states = run(ctx, () => {
      const first = service.getScriptLock();
      const second = service.getScriptLock();
      first.waitLock(0);
      const secondBefore = second.hasLock();
      const secondGot = second.tryLock(0);
      second.releaseLock();
      return [secondBefore, secondGot, first.hasLock()];
    });
    expect(states).toEqual([false, true, false]);
  });

  test('an external hold: tryLock fails within the hold, succeeds once it ends', () => {
    const { ctx, manager, service } = setup();
    const until = ctx.clock.now() + 3000;
    manager.holdExternally('script', until);
    const short = run(ctx, () => service.getScriptLock().tryLock(1000));
    expect(short).toBe(false);
    const long = run(ctx, () => {
      const got = service.getScriptLock().tryLock(10_000);
      return { got, at: ctx.clock.now() };
    });
    expect(long.got).toBe(true);
    expect(long.at).toBeGreaterThanOrEqual(until);
    expect(long.at).toBeLessThan(until + 100);
  });

  test('waiting on a lock counts toward the 6-minute limit', () => {
    const { ctx, manager, service } = setup();
    manager.holdExternally('script', ctx.clock.now() + 10 * 60_000);
    const result = ctx.runtime.execute('waiter', OPS, () => {
      service.getScriptLock().tryLock(200_000);
      service.getScriptLock().tryLock(200_000);
      return 'finished';
    });
    expect(result.killed).toBe(true);
  });

  test('toJSON/fromJSON keeps external holds only', () => {
    const { ctx, manager, service } = setup();
    const until = ctx.clock.now() + 60_000;
    manager.holdExternally('user', until, ANA);
    run(ctx, () => service.getScriptLock().waitLock(0));
    const restored = LockManager.fromJSON(JSON.parse(JSON.stringify(manager)));
    expect(restored.toJSON()).toEqual({ external: { [`user:${ANA}`]: until } });
    expect(restored.holder(`user:${ANA}`, until - 1)).toEqual({ externalUntil: until });
    expect(restored.holder(`user:${ANA}`, until)).toBeNull();
  });
});
