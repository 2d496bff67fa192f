import { createContext, ServiceContext } from '../core/context';
import { RunResult } from '../core/runtime';
import { CacheStore, createCacheService } from './cache';
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

  /**
   * Starts `second` inside the running execution at its next call; returns its result as the
   * runtime reports it: at once, or once it was played again after waiting, set aside, for a lock.
   */
  type Box<T> = { result?: RunResult<T> };

  function secondAtNextCall<T>(ctx: ServiceContext, second: () => T): Box<T> {
    const box: Box<T> = {};
    ctx.runtime.onReplayed((r) => (box.result = r as RunResult<T>));
    whileNextCall(ctx, () => {
      // Started by a trigger: only those are set aside (a page's call needs its answer at once).
      const r = ctx.runtime.execute('second', ANA, second, 'trigger-2');
      if (!r.deferred) box.result = r;
    });
    return box;
  }

  test('a lock held by another running execution is had once that one lets go', () => {
    const { ctx, service } = setup();
    let released = 0;
    let started = 0;
    let second: Box<{ got: boolean; at: number }> = {};
    run(ctx, () => {
      const lock = service.getScriptLock();
      expect(lock.tryLock(0)).toBe(true);
      second = secondAtNextCall(ctx, () => {
        started = ctx.clock.now();
        const got = service.getScriptLock().tryLock(60_000);
        return { got, at: ctx.clock.now() };
      });
      service.getScriptLock();
      ctx.runtime.wait(20_000);
      released = ctx.clock.now();
      lock.releaseLock();
      ctx.runtime.wait(1000);
    });
    expect(second.result?.ok).toBe(true);
    expect(second.result?.value?.got).toBe(true);
    // It started while the first held the lock, waited 20 s for it, and got it when let go.
    expect(started).toBeLessThan(released - 19_000);
    // (The release itself takes a call's few milliseconds.)
    expect(second.result?.value?.at).toBeGreaterThanOrEqual(released);
    expect(second.result?.value?.at).toBeLessThan(released + 50);
    expect(second.result?.execution.startedAt).toBe(started);
  });

  test('held past the wait: tryLock fails when its timeout runs out', () => {
    const { ctx, service } = setup();
    let second: Box<{ got: boolean; waited: number }> = {};
    run(ctx, () => {
      expect(service.getScriptLock().tryLock(0)).toBe(true);
      second = secondAtNextCall(ctx, () => {
        const start = ctx.clock.now();
        const got = service.getScriptLock().tryLock(5000);
        return { got, waited: ctx.clock.now() - start };
      });
      service.getScriptLock();
      ctx.runtime.wait(30_000);
    });
    expect(second.result?.ok).toBe(true);
    expect(second.result?.value?.got).toBe(false);
    expect(second.result?.value?.waited).toBeGreaterThanOrEqual(5000);
    expect(second.result?.value?.waited).toBeLessThan(5100);
  });

  test('waitLock throws Google’s timeout exception', () => {
    const { ctx, service } = setup();
    let second: Box<void> = {};
    run(ctx, () => {
      service.getScriptLock().waitLock(0);
      second = secondAtNextCall(ctx, () => service.getScriptLock().waitLock(2000));
      service.getScriptLock();
      ctx.runtime.wait(10_000);
    });
    expect(second.result?.ok).toBe(false);
    expect(second.result?.error).toBe(LOCK_TIMEOUT_MESSAGE);
  });

  test('a wait after another call cannot be played later: it runs out, pessimistically', () => {
    const { ctx, service } = setup();
    const cache = createCacheService(ctx, new CacheStore());
    let second: Box<boolean> = {};
    run(ctx, () => {
      const lock = service.getScriptLock();
      lock.tryLock(0);
      second = secondAtNextCall(ctx, () => {
        cache.getScriptCache().get('anything');
        return service.getScriptLock().tryLock(5000);
      });
      lock.releaseLock();
    });
    expect(second.result?.ok).toBe(true);
    expect(second.result?.value).toBe(false);
  });

  test('an execution set aside sees its holder’s death as a release', () => {
    const { ctx, service } = setup();
    let second: Box<boolean> = {};
    const first = ctx.runtime.execute('first', OPS, () => {
      service.getScriptLock().tryLock(0);
      second = secondAtNextCall(ctx, () => service.getScriptLock().tryLock(60_000));
      service.getScriptLock();
      ctx.runtime.wait(3000);
      throw new Error('died');
    });
    expect(first.ok).toBe(false);
    expect(second.result?.value).toBe(true);
    expect(second.result?.execution.endedAt).toBeGreaterThanOrEqual(first.execution.endedAt!);
  });

  test('a waiter goes on once its holder has ended, not inside it, its wait ending at the release', () => {
    const { ctx, service } = setup();
    let released = 0;
    let second: Box<{ at: number; running: string[] }> = {};
    run(ctx, () => {
      const lock = service.getScriptLock();
      lock.tryLock(0);
      second = secondAtNextCall(ctx, () => {
        service.getScriptLock().tryLock(60_000);
        return { at: ctx.clock.now(), running: ctx.runtime.activeExecutions().map((e) => e.fn) };
      });
      service.getScriptLock();
      ctx.runtime.wait(5000);
      lock.releaseLock();
      released = ctx.clock.now();
      // Its own work after letting go.
      ctx.runtime.wait(2000);
      service.getScriptLock();
    });
    expect(second.result?.value?.running).toEqual(['second']);
    expect(second.result?.value?.at).toBeLessThanOrEqual(released);
    expect(second.result?.value?.at).toBeGreaterThan(released - 50);
  });

  test('two set aside for one lock: one whose wait ran out fails, the next takes the lock', () => {
    const { ctx, service } = setup();
    const results: Array<RunResult<boolean>> = [];
    ctx.runtime.onReplayed((r) => results.push(r as RunResult<boolean>));
    run(ctx, () => {
      const lock = service.getScriptLock();
      lock.tryLock(0);
      whileNextCall(ctx, () => {
        ctx.runtime.execute('short', ANA, () => service.getScriptLock().tryLock(1000), 't-1');
        ctx.runtime.execute('long', ANA, () => service.getScriptLock().tryLock(60_000), 't-2');
      });
      service.getScriptLock();
      ctx.runtime.wait(10_000);
      lock.releaseLock();
    });
    const got = Object.fromEntries(results.map((r) => [r.execution.fn, r.value]));
    expect(got).toEqual({ short: false, long: true });
  });

  test('a page’s call started inside the holder is not set aside: it waits out its timeout', () => {
    const { ctx, service } = setup();
    let second: RunResult<boolean> | undefined;
    run(ctx, () => {
      const lock = service.getScriptLock();
      lock.tryLock(0);
      whileNextCall(ctx, () => {
        second = ctx.runtime.execute('page', ANA, () => service.getScriptLock().tryLock(3000));
      });
      service.getScriptLock();
      lock.releaseLock();
    });
    expect(second?.deferred).toBeUndefined();
    expect(second?.value).toBe(false);
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
