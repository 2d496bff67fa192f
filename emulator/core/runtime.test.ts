import { createContext } from './context';
import { simulatedDate } from './clock';
import { EXECUTION_LIMIT_MS } from './runtime';

const USER = 'ops@example.com';

function counterService(ctx: ReturnType<typeof createContext>) {
  const effects: string[] = [];
  const write = (name: string) =>
    ctx.runtime.guard('DriveApp', 'File.makeCopy', 'write', () => {
      effects.push(name);
      return name;
    });
  return { effects, write };
}

describe('execution model', () => {
  test('every call advances the simulated clock by its modelled cost', () => {
    const ctx = createContext({ latency: { default: { minMs: 7, maxMs: 7 } } });
    const start = ctx.clock.now();
    const { write } = counterService(ctx);
    ctx.runtime.execute('f', USER, () => {
      write('a');
      write('b');
    });
    expect(ctx.clock.now() - start).toBe(14);
    expect(ctx.runtime.callCount).toBe(2);
  });

  test('an execution past 6 minutes is killed at its next call and stays dead', () => {
    const ctx = createContext({ latency: { default: { minMs: 60_000, maxMs: 60_000 } } });
    const { effects, write } = counterService(ctx);
    const result = ctx.runtime.execute('f', USER, () => {
      for (let i = 0; i < 10; i++) {
        try {
          write(`copy${i}`);
        } catch {
          // a script that swallows errors still cannot outlive the limit
        }
      }
      return 'finished';
    });
    expect(result.killed).toBe(true);
    expect(result.ok).toBe(false);
    expect(result.error).toBe('Exceeded maximum execution time');
    expect(result.execution.outcome).toBe('killed');
    // Calls 1..6 end at 6 min exactly; the 7th crosses the limit during the call: it took effect
    // server-side but the script never saw its answer; nothing after it ran.
    expect(effects).toEqual(['copy0', 'copy1', 'copy2', 'copy3', 'copy4', 'copy5', 'copy6']);
    expect(result.execution.endedAt! - result.execution.startedAt).toBeGreaterThan(
      EXECUTION_LIMIT_MS,
    );
  });

  test('a new execution starts with a fresh budget', () => {
    const ctx = createContext({ latency: { default: { minMs: 200_000, maxMs: 200_000 } } });
    const { write } = counterService(ctx);
    expect(ctx.runtime.execute('f', USER, () => write('a')).ok).toBe(true);
    expect(ctx.runtime.execute('f', USER, () => write('b')).ok).toBe(true);
  });

  test('sleeping past the limit kills the execution', () => {
    const ctx = createContext();
    const result = ctx.runtime.execute('f', USER, () => ctx.runtime.wait(EXECUTION_LIMIT_MS + 1));
    expect(result.killed).toBe(true);
  });

  test('errors thrown by the function become the result', () => {
    const ctx = createContext();
    const result = ctx.runtime.execute('f', USER, () => {
      throw new Error('Task T-1: no .obj file');
    });
    expect(result).toMatchObject({ ok: false, killed: false, error: 'Task T-1: no .obj file' });
  });

  test('calls outside an execution are a usage error', () => {
    const ctx = createContext();
    expect(() => counterService(ctx).write('x')).toThrow(/no execution is running/);
  });

  test('executions nest: the inner one runs as its own user and ends first', () => {
    const ctx = createContext();
    const seen: string[] = [];
    ctx.runtime.execute('outer', 'a@example.com', () => {
      seen.push(ctx.user());
      ctx.runtime.execute('inner', 'b@example.com', () => seen.push(ctx.user()));
      seen.push(ctx.user());
    });
    expect(seen).toEqual(['a@example.com', 'b@example.com', 'a@example.com']);
  });
});

describe('fault injection', () => {
  function run(
    kind: Parameters<ReturnType<typeof createContext>['runtime']['faults']['failAt']>[1],
  ) {
    const ctx = createContext();
    ctx.runtime.faults.failAt(2, kind);
    const { effects, write } = counterService(ctx);
    const errors: string[] = [];
    const result = ctx.runtime.execute('f', USER, () => {
      for (const name of ['a', 'b', 'c']) {
        try {
          write(name);
        } catch (e) {
          errors.push((e as Error).name);
        }
      }
    });
    return { effects, errors, result };
  }

  test('error: the call fails without effect, the script goes on', () => {
    const { effects, errors, result } = run('error');
    expect(effects).toEqual(['a', 'c']);
    expect(errors).toEqual(['Exception']);
    expect(result.ok).toBe(true);
  });

  test('transient 5xx: no effect, the script goes on', () => {
    expect(run('transient5xx').effects).toEqual(['a', 'c']);
  });

  test('rate limit: no effect, the script goes on', () => {
    expect(run('rateLimit').effects).toEqual(['a', 'c']);
  });

  test('success with error: the effect happens and the call still throws', () => {
    const { effects, errors } = run('successWithError');
    expect(effects).toEqual(['a', 'b', 'c']);
    expect(errors).toEqual(['Exception']);
  });

  test('kill: the call has no effect and the execution is over', () => {
    const { effects, result } = run('kill');
    expect(effects).toEqual(['a']);
    expect(result.killed).toBe(true);
  });

  test('killAfter: the call takes effect and the execution is over', () => {
    const { effects, result } = run('killAfter');
    expect(effects).toEqual(['a', 'b']);
    expect(result.killed).toBe(true);
  });

  test('nth matching call and probability rules', () => {
    const ctx = createContext();
    ctx.runtime.faults.add({ kind: 'error', nth: 2, match: (c) => c.method === 'File.makeCopy' });
    const { effects, write } = counterService(ctx);
    ctx.runtime.execute('f', USER, () => {
      for (const n of ['a', 'b', 'c']) {
        try {
          write(n);
        } catch {
          // expected once
        }
      }
    });
    expect(effects).toEqual(['a', 'c']);
  });

  test('the same seed draws the same faults; another seed draws others', () => {
    const draw = (seed: number) => {
      const ctx = createContext({ seed });
      ctx.runtime.faults.add({ kind: 'transient5xx', probability: 0.3 });
      const { effects, write } = counterService(ctx);
      ctx.runtime.execute('f', USER, () => {
        for (let i = 0; i < 40; i++) {
          try {
            write(String(i));
          } catch {
            // dropped
          }
        }
      });
      return effects.join(',');
    };
    expect(draw(7)).toBe(draw(7));
    expect(draw(7)).not.toBe(draw(8));
  });

  test('a rule needs a trigger condition and a sane probability', () => {
    const ctx = createContext();
    expect(() => ctx.runtime.faults.add({ kind: 'error' })).toThrow(/atIndex, nth or probability/);
    expect(() => ctx.runtime.faults.add({ kind: 'error', probability: 2 })).toThrow(/between 0/);
  });
});

describe('simulated Date', () => {
  test('new Date() and Date.now() read the simulated clock; other uses are the real Date', () => {
    const ctx = createContext({ start: Date.UTC(2030, 0, 1) });
    const SimDate = simulatedDate(ctx.clock);
    expect(new SimDate().toISOString()).toBe('2030-01-01T00:00:00.000Z');
    ctx.clock.advance(1000);
    expect(SimDate.now()).toBe(Date.UTC(2030, 0, 1, 0, 0, 1));
    expect(new SimDate(0).getTime()).toBe(0);
    expect(new Date(5) instanceof SimDate).toBe(true);
    expect(new SimDate(5) instanceof Date).toBe(true);
    expect(new SimDate(2000, 1, 3).getMonth()).toBe(1);
    expect((SimDate as unknown as () => string)()).toBe(new Date(SimDate.now()).toString());
    expect(SimDate.UTC(2000, 0, 1)).toBe(Date.UTC(2000, 0, 1));
    expect(SimDate.parse('2000-01-01T00:00:00Z')).toBe(Date.UTC(2000, 0, 1));
  });
});
