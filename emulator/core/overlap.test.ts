import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Workspace } from '../workspace';
import { createContext } from './context';
import {
  EXECUTION_LIMIT_MS,
  RunResult,
  SIMULTANEOUS_EXECUTIONS_PER_USER,
  TOO_MANY_SIMULTANEOUS_MESSAGE,
} from './runtime';

const OPS = 'ops@example.com';
const ANA = 'ana@example.com';
const MINUTE = 60_000;

function deployment(code: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'overlap-test-'));
  fs.writeFileSync(path.join(dir, 'Code.js'), code);
  return dir;
}

const CODE = deployment(`
function arm(ms, handler) {
  ScriptApp.newTrigger(handler).timeBased().after(ms).create();
}
/** Works for \`minutes\` in one-minute sleeps; returns the time it saw pass. */
function long(minutes) {
  var t0 = Date.now();
  for (var i = 0; i < minutes; i++) Utilities.sleep(${MINUTE});
  return Date.now() - t0;
}
function work(e) {
  var t0 = Date.now();
  Utilities.sleep(3 * ${MINUTE});
  PropertiesService.getScriptProperties().setProperty('work', String(Date.now() - t0));
}
function guarded(minutes) {
  var lock = LockService.getScriptLock();
  lock.waitLock(0);
  for (var i = 0; i < minutes; i++) Utilities.sleep(${MINUTE});
  lock.releaseLock();
}
function contend(e) {
  var t0 = Date.now();
  var got = LockService.getScriptLock().tryLock(10000);
  PropertiesService.getScriptProperties().setProperty(
    'contend:' + e.triggerUid, JSON.stringify({ got: got, waited: Date.now() - t0 }));
}
function longTrigger() {
  return long(5);
}
function hold() {
  Utilities.sleep(${MINUTE});
}
`);

function workspace(users = [OPS]): Workspace {
  return new Workspace({ triggerLatenessMs: 0, users }).loadBundle(CODE);
}

function executionsOf(ws: Workspace, fn: string) {
  return ws.runtime.executions.filter((e) => e.fn === fn);
}

describe('a trigger that falls due during a running execution', () => {
  test('starts during it, at its due time, and each sees only its own elapsed time', () => {
    const ws = workspace();
    ws.run('arm', [MINUTE, 'work']);
    const dueAt = ws.triggers.list()[0].dueAt!;
    const long = ws.run<number>('long', [5]);

    // Five minutes of its own: not killed, although the trigger's three minutes ran meanwhile.
    expect(long.ok).toBe(true);
    expect(long.value).toBeGreaterThanOrEqual(5 * MINUTE);
    expect(long.value).toBeLessThan(EXECUTION_LIMIT_MS);
    const [work] = executionsOf(ws, 'work');
    expect(work.outcome).toBe('ok');
    expect(work.startedAt).toBe(dueAt);
    expect(work.startedAt).toBeGreaterThan(long.execution.startedAt);
    expect(work.startedAt).toBeLessThan(long.execution.endedAt!);
    expect(Number(ws.properties.script.get('work'))).toBeGreaterThanOrEqual(3 * MINUTE);
    expect(Number(ws.properties.script.get('work'))).toBeLessThan(4 * MINUTE);
    // Once both have ended, the clock is at the later end.
    expect(ws.clock.now()).toBe(Math.max(long.execution.endedAt!, work.endedAt!));
  });

  test('the clock is at the later end when the trigger outlives the execution it started in', () => {
    const ws = workspace();
    ws.run('arm', [MINUTE, 'work']);
    const long = ws.run('long', [2]);
    const [work] = executionsOf(ws, 'work');
    expect(work.endedAt!).toBeGreaterThan(long.execution.endedAt!);
    expect(ws.clock.now()).toBe(work.endedAt);
  });

  test('advance() lists the triggers that started inside other executions, in start order', () => {
    const ws = workspace();
    ws.run('arm', [MINUTE, 'longTrigger']);
    ws.run('arm', [2 * MINUTE, 'work']);
    const fired = ws.advance(10 * MINUTE);
    expect(fired.map((r) => r.execution.fn)).toEqual(['longTrigger', 'work']);
    const [long, work] = fired.map((r) => r.execution);
    expect(work.startedAt).toBeLessThan(long.endedAt!);
    expect(fired.every((r) => r.ok)).toBe(true);
  });

  test('locks contend between overlapping executions', () => {
    const ws = workspace();
    ws.run('arm', [MINUTE, 'contend']);
    ws.run('guarded', [3]);
    ws.run('arm', [MINUTE, 'contend']);
    ws.advance(5 * MINUTE);
    const [during, after] = executionsOf(ws, 'contend').map(
      (e) =>
        JSON.parse(ws.properties.script.get(`contend:${e.triggerUid}`)!) as {
          got: boolean;
          waited: number;
        },
    );
    expect(during.got).toBe(false);
    expect(during.waited).toBeGreaterThanOrEqual(10_000);
    expect(after.got).toBe(true);
  });
});

describe('simultaneous executions of one user', () => {
  /**
   * Runs `count` executions of `hold`, each started from inside the previous one's first call, so
   * that all of them run at once; `innermost` runs inside the last one's first call.
   */
  function nest(ws: Workspace, count: number, innermost?: () => void): RunResult[] {
    const results: RunResult[] = [];
    let started = 1;
    const stop = ws.runtime.onCall((c) => {
      const newest = ws.runtime.executions[ws.runtime.executions.length - 1];
      if (c.executionId !== newest.id || started > count) return;
      started += 1;
      if (started <= count) results.push(ws.run('hold'));
      else innermost?.();
    });
    try {
      results.push(ws.run('hold'));
    } finally {
      stop();
    }
    return results.sort((a, b) => a.execution.id - b.execution.id);
  }

  test(`${SIMULTANEOUS_EXECUTIONS_PER_USER} at once run; the next one is refused with Google's message`, () => {
    const ws = workspace();
    let extra: RunResult | undefined;
    const results = nest(ws, SIMULTANEOUS_EXECUTIONS_PER_USER, () => {
      extra = ws.run('hold');
    });
    expect(results).toHaveLength(SIMULTANEOUS_EXECUTIONS_PER_USER);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(extra).toMatchObject({ ok: false, killed: false, error: TOO_MANY_SIMULTANEOUS_MESSAGE });
    expect(extra!.execution.calls).toBe(0);
    expect(extra!.execution.outcome).toBe('error');
    // Once they have ended, the user can run again.
    expect(ws.run('hold').ok).toBe(true);
  });

  test('the limit is per user', () => {
    const ws = workspace([OPS, ANA]);
    let mine: RunResult | undefined;
    let hers: RunResult | undefined;
    nest(ws, SIMULTANEOUS_EXECUTIONS_PER_USER, () => {
      mine = ws.run('hold', [], { user: OPS });
      hers = ws.run('hold', [], { user: ANA });
    });
    expect(mine?.error).toBe(TOO_MANY_SIMULTANEOUS_MESSAGE);
    expect(hers?.ok).toBe(true);
  });

  test('a trigger that would be one too many fails to start; the trigger is spent', () => {
    const ws = workspace();
    ws.runtime.simultaneousLimit = 2;
    ws.run('arm', [MINUTE, 'work']);
    ws.run('arm', [2 * MINUTE, 'work']);
    ws.run('long', [4]);
    const [first, second] = executionsOf(ws, 'work');
    expect(first.outcome).toBe('ok');
    expect(second).toMatchObject({ outcome: 'error', error: TOO_MANY_SIMULTANEOUS_MESSAGE });
    expect(ws.triggers.nextDue()).toBeNull();
  });

  test('an execution that already ended still counts while its own time runs', () => {
    // The first nested run sleeps 5 minutes on its own timeline. Back in the outer execution one
    // minute later, it is still running, although the emulator has finished it.
    const ctx = createContext({ latency: { default: { minMs: MINUTE, maxMs: MINUTE } } });
    ctx.runtime.simultaneousLimit = 2;
    const inner: RunResult[] = [];
    const write = () => ctx.runtime.guard('DriveApp', 'File.makeCopy', 'write', () => undefined);
    const stop = ctx.runtime.onCall((c) => {
      if (c.executionId !== 1) return;
      inner.push(ctx.runtime.execute('inner', OPS, () => ctx.runtime.wait(5 * MINUTE)));
    });
    const outer = ctx.runtime.execute('outer', OPS, () => {
      write();
      write();
    });
    stop();
    expect(outer.ok).toBe(true);
    expect(inner[0].ok).toBe(true);
    expect(inner[1].error).toBe(TOO_MANY_SIMULTANEOUS_MESSAGE);
  });
});

describe('nested executions started by a test', () => {
  test('the inner run’s time is not charged to the outer execution’s 6 minutes', () => {
    const ctx = createContext({ latency: { default: { minMs: MINUTE, maxMs: MINUTE } } });
    let inner: RunResult | undefined;
    const write = () => ctx.runtime.guard('DriveApp', 'File.makeCopy', 'write', () => undefined);
    const stop = ctx.runtime.onCall(() => {
      stop();
      inner = ctx.runtime.execute('inner', ANA, () => ctx.runtime.wait(5 * MINUTE));
    });
    const start = ctx.clock.now();
    const outer = ctx.runtime.execute('outer', OPS, () => {
      for (let i = 0; i < 5; i++) write();
      return ctx.clock.now() - start;
    });
    expect(outer.ok).toBe(true);
    expect(outer.value).toBe(5 * MINUTE);
    expect(inner?.ok).toBe(true);
    expect(inner!.execution.startedAt).toBe(start);
    expect(ctx.clock.now() - start).toBe(5 * MINUTE);
  });
});
