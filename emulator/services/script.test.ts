import { createContext, ServiceContext } from '../core/context';
import { SeededRandom } from '../core/random';
import { TRIGGER_LATENESS } from '../latency.config';
import {
  TOO_MANY_TRIGGERS_MESSAGE,
  TRIGGERS_PER_USER,
  TriggerRegistry,
  buildTimeEvent,
  createScriptApp,
} from './script';
import { drawnLateness, flatLateness } from './trigger-lateness';

const OPS = 'ops@example.com';
const ANA = 'ana@example.com';

function setup(latenessMs = 15_000) {
  const ctx = createContext({ seed: 5 });
  const registry = new TriggerRegistry(flatLateness(latenessMs));
  const app = createScriptApp(ctx, registry, (user) => `token-of:${user}`);
  return { ctx, registry, app };
}

function run<T>(ctx: ServiceContext, body: () => T, user = OPS): T {
  const result = ctx.runtime.execute('test', user, body);
  if (!result.ok) throw new Error(`execution failed: ${result.error}`);
  return result.value as T;
}

function failure(ctx: ServiceContext, body: () => unknown, user = OPS): string | undefined {
  const result = ctx.runtime.execute('test', user, body);
  expect(result.ok).toBe(false);
  return result.error;
}

describe('ScriptApp triggers', () => {
  test('after(ms) is due no earlier than creation + ms; the scheduler adds lateness', () => {
    const { ctx, registry, app } = setup();
    const before = ctx.clock.now();
    const uid = run(ctx, () =>
      app.newTrigger('continueJob').timeBased().after(60_000).create().getUniqueId(),
    );
    const record = registry.get(uid)!;
    expect(record.dueAt).toBeGreaterThanOrEqual(before + 60_000);
    expect(record.dueAt).toBeLessThanOrEqual(ctx.clock.now() + 60_000);
    expect(registry.due(record.dueAt! - 1)).toEqual([]);
    expect(registry.due(record.dueAt!).map((t) => t.uid)).toEqual([uid]);
    expect(record.latenessMs).toBe(15_000);
    expect(registry.nextDue()).toEqual({ uid, fireAt: record.dueAt! + 15_000 });
    expect(uid).toMatch(/^[1-9]\d{18}$/);
  });

  test('at(date) is due at that date', () => {
    const { ctx, registry, app } = setup();
    const when = new Date(ctx.clock.now() + 3_600_000);
    const uid = run(ctx, () =>
      app.newTrigger('nightly').timeBased().at(when).create().getUniqueId(),
    );
    expect(registry.get(uid)?.dueAt).toBe(when.getTime());
  });

  test('a fired one-shot trigger stays listed and keeps counting toward the limit', () => {
    const { ctx, registry, app } = setup();
    const uid = run(ctx, () =>
      app.newTrigger('once').timeBased().after(1000).create().getUniqueId(),
    );
    const fired = registry.markFired(uid, registry.get(uid)!.dueAt! + 15_000);
    expect(fired).toMatchObject({
      handlerFunction: 'once',
      owner: OPS,
      firedCount: 1,
      dueAt: null,
    });
    expect(registry.due(Infinity)).toEqual([]);
    expect(registry.nextDue()).toBeNull();
    const listed = run(ctx, () => app.getProjectTriggers().map((t) => t.getUniqueId()));
    expect(listed).toEqual([uid]);
  });

  test('the 21st trigger of a user is refused; other users and deletions make room', () => {
    const { ctx, app } = setup();
    run(ctx, () => {
      for (let i = 0; i < TRIGGERS_PER_USER; i += 1) {
        app.newTrigger(`job${i}`).timeBased().after(1000).create();
      }
    });
    expect(failure(ctx, () => app.newTrigger('one').timeBased().after(1).create())).toBe(
      TOO_MANY_TRIGGERS_MESSAGE,
    );
    expect(run(ctx, () => app.getProjectTriggers().length)).toBe(TRIGGERS_PER_USER);

    run(ctx, () => app.newTrigger('anas').timeBased().after(1).create(), ANA);
    run(ctx, () => {
      app.deleteTrigger(app.getProjectTriggers()[0]);
      app.newTrigger('again').timeBased().after(1).create();
    });
    expect(run(ctx, () => app.getProjectTriggers().length)).toBe(TRIGGERS_PER_USER);
  });

  test('getProjectTriggers lists the current user’s triggers; others cannot delete them', () => {
    const { ctx, registry, app } = setup();
    run(ctx, () => app.newTrigger('mine').timeBased().everyMinutes(5).create());
    const anaSees = run(ctx, () => app.getProjectTriggers().length, ANA);
    expect(anaSees).toBe(0);
    const [trigger] = run(ctx, () => app.getProjectTriggers());
    run(ctx, () => app.deleteTrigger(trigger), ANA);
    expect(registry.list()).toHaveLength(1);
    const described = run(ctx, () => ({
      fn: trigger.getHandlerFunction(),
      type: String(trigger.getEventType()),
      source: String(trigger.getTriggerSource()),
      isClock: trigger.getEventType() === app.EventType.CLOCK,
    }));
    expect(described).toEqual({ fn: 'mine', type: 'CLOCK', source: 'CLOCK', isClock: true });
  });

  test('everyMinutes accepts only 1, 5, 10, 15 or 30', () => {
    const { ctx, registry, app } = setup();
    for (const n of [1, 5, 10, 15, 30]) {
      run(ctx, () => app.newTrigger(`every${n}`).timeBased().everyMinutes(n).create());
    }
    for (const n of [0, 2, 7, 60]) {
      expect(failure(ctx, () => app.newTrigger('bad').timeBased().everyMinutes(n))).toMatch(
        /everyMinutes/,
      );
    }
    expect(registry.list()).toHaveLength(5);
    expect(failure(ctx, () => app.newTrigger('bad').timeBased().everyHours(0))).toMatch(
      /everyHours/,
    );
    expect(failure(ctx, () => app.newTrigger('none').timeBased().create())).toMatch(/schedule/);
  });

  test('a recurring trigger fires once per period and skips slots it missed', () => {
    const { ctx, registry, app } = setup();
    const uid = run(ctx, () =>
      app.newTrigger('tick').timeBased().everyHours(1).create().getUniqueId(),
    );
    const first = registry.get(uid)!.dueAt!;
    expect(registry.markFired(uid, first + 15_000).dueAt).toBe(first + 3_600_000);
    // Fired three and a half hours late: the next slot is the first one after that.
    expect(registry.markFired(uid, first + 3_600_000 + 12_600_000).dueAt).toBe(
      first + 5 * 3_600_000,
    );
  });

  test('getOAuthToken answers for the user the execution runs as', () => {
    const { ctx, app } = setup();
    expect(run(ctx, () => app.getOAuthToken(), OPS)).toBe(`token-of:${OPS}`);
    expect(run(ctx, () => app.getOAuthToken(), ANA)).toBe(`token-of:${ANA}`);
    expect(run(ctx, () => app.getScriptId())).toBe(ctx.scriptId);
  });

  test('buildTimeEvent gives the documented time-driven fields in the script time zone', () => {
    const at = Date.UTC(2026, 10, 24, 9, 30, 15); // Tuesday 24 November 2026, 09:30:15 UTC
    const event = buildTimeEvent({ uid: '123' }, at, 'Europe/Paris');
    expect(event).toEqual({
      authMode: 'FULL',
      triggerUid: '123',
      year: 2026,
      month: 11,
      'day-of-month': 24,
      'day-of-week': 2,
      hour: 10,
      minute: 30,
      second: 15,
      timezone: 'Europe/Paris',
      'week-of-year': 48,
    });
    expect(
      buildTimeEvent({ uid: '1' }, Date.UTC(2026, 10, 29, 23, 0), 'Etc/UTC')['day-of-week'],
    ).toBe(7);
  });

  test('each firing is late by its own draw; the trigger that fires first goes first', () => {
    const ctx = createContext({ seed: 5 });
    const late = [50_000, 5_000, 30_000];
    const registry = new TriggerRegistry(() => late.shift()!);
    const app = createScriptApp(ctx, registry, (user) => `token-of:${user}`);
    const [a, b] = run(ctx, () => [
      app.newTrigger('a').timeBased().after(1000).create().getUniqueId(),
      app.newTrigger('b').timeBased().after(20_000).create().getUniqueId(),
    ]);
    // b falls due later but is drawn less late: it fires first, and its lateness stays put.
    expect(registry.nextDue()).toEqual({ uid: b, fireAt: registry.get(b)!.dueAt! + 5_000 });
    expect(registry.nextDue()).toEqual(registry.nextDue());
    const bAt = registry.nextDue()!.fireAt;
    registry.markFired(b, bAt);
    expect(registry.nextDue()).toEqual({ uid: a, fireAt: registry.get(a)!.dueAt! + 50_000 });
    expect(registry.firings).toEqual([
      expect.objectContaining({ uid: b, handlerFunction: 'b', latenessMs: 5_000, firedAt: bAt }),
    ]);
    // A recurring trigger draws again for its next slot.
    const c = run(ctx, () =>
      app.newTrigger('c').timeBased().everyMinutes(1).create().getUniqueId(),
    );
    expect(registry.get(c)!.latenessMs).toBe(30_000);
    late.push(12_000);
    expect(registry.markFired(c, registry.get(c)!.dueAt! + 30_000).latenessMs).toBe(12_000);
  });

  test('the lateness model: never prompt, mostly within a minute, a tail of minutes', () => {
    const draw = drawnLateness(TRIGGER_LATENESS, new SeededRandom(7));
    const draws = Array.from({ length: 20_000 }, draw);
    const share = (f: (ms: number) => boolean) => draws.filter(f).length / draws.length;
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(10_000);
    expect(Math.max(...draws)).toBeLessThanOrEqual(600_000);
    expect(share((ms) => ms <= 60_000)).toBeCloseTo(0.9, 1);
    expect(share((ms) => ms > 180_000)).toBeGreaterThan(0.01);
    // Seeded: the same seed draws the same lateness.
    const again = drawnLateness(TRIGGER_LATENESS, new SeededRandom(7));
    expect(Array.from({ length: 50 }, again)).toEqual(draws.slice(0, 50));
    expect(() => drawnLateness([{ share: 0.5, minMs: 0, maxMs: 1 }], new SeededRandom(1))).toThrow(
      /add up to 1/,
    );
  });

  test('toJSON/fromJSON round trip keeps triggers, owners and due times', () => {
    const { ctx, registry, app } = setup();
    run(ctx, () => app.newTrigger('a').timeBased().after(5000).create());
    run(ctx, () => app.newTrigger('b').timeBased().everyMinutes(10).create(), ANA);
    const restored = TriggerRegistry.fromJSON(JSON.parse(JSON.stringify(registry)), () => 1);
    expect(restored.toJSON()).toEqual(registry.toJSON());
    // Saved before lateness was kept: drawn on load.
    const older = registry.toJSON().map(({ latenessMs: _, ...t }) => t);
    expect(
      TriggerRegistry.fromJSON(older, () => 7)
        .list()
        .map((t) => t.latenessMs),
    ).toEqual([7, 7]);
    expect(restored.nextDue()).toEqual(registry.nextDue());
    expect(() => TriggerRegistry.fromJSON({})).toThrow(/not a list/);
  });
});
