import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Workspace, seedDemo } from './index';

/** A tiny deployment written for the test: the workspace loads any folder holding a Code.js. */
function deployment(code: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-test-'));
  fs.writeFileSync(path.join(dir, 'Code.js'), code);
  return dir;
}

const TRIGGERING = deployment(`
function arm(ms) {
  ScriptApp.newTrigger('tick').timeBased().after(ms).create();
}
function tick(e) {
  PropertiesService.getScriptProperties().setProperty('fired', String(Date.now()) + ':' + e.triggerUid);
}
function whoAmI() { return Session.getActiveUser().getEmail(); }
function stamp() { return new Date().toISOString(); }
function globalsSeen() {
  return [typeof require, typeof process, typeof setTimeout, typeof module, typeof Buffer].join(',');
}
`);

describe('Workspace', () => {
  test('unknown or malformed options are clear errors', () => {
    expect(() => new Workspace({ sead: 1 } as never)).toThrow(/unknown workspace option "sead"/);
    expect(() => new Workspace({ seed: 1.5 })).toThrow(/seed must be an integer/);
    expect(() => new Workspace({ latency: 'slow' as never })).toThrow(/latency must be/);
    expect(() => new Workspace({ start: 'yesterday' as never })).toThrow(/not a valid date/);
    expect(() => new Workspace({ cpuScale: -1 })).toThrow(/cpuScale must be a number of 0/);
    expect(() => new Workspace({ triggerLatenessMs: -5 })).toThrow(
      /triggerLatenessMs must be a number of 0/,
    );
    expect(() => new Workspace(null as never)).toThrow(/options must be an object/);
    expect(() => new Workspace({ blankActiveUser: 'yes' as never })).toThrow(
      /blankActiveUser must be true or false/,
    );
  });

  test('running a global before loading a bundle, an unknown global or an unknown user', () => {
    const ws = new Workspace();
    expect(() => ws.run('onOpen')).toThrow(/no bundle loaded/);
    ws.loadBundle(TRIGGERING);
    expect(() => ws.run('nope')).toThrow(/no global function "nope"; it has: arm, tick/);
    expect(() => ws.run('whoAmI', [], { user: 'stranger@example.com' })).toThrow(/unknown user/);
    expect(() => ws.loadBundle(path.join(os.tmpdir(), 'no-such-dist'))).toThrow(/npm run build/);
  });

  test('the bundle sees the simulated clock and no Node globals', () => {
    const ws = new Workspace({ start: Date.UTC(2031, 5, 1) }).loadBundle(TRIGGERING);
    expect(ws.run('stamp').value).toBe('2031-06-01T00:00:00.000Z');
    expect(ws.run('globalsSeen').value).toBe('undefined,undefined,undefined,undefined,undefined');
  });

  test('runs as the user asked for', () => {
    const ws = new Workspace({ users: ['a@example.com', 'b@example.com'] }).loadBundle(TRIGGERING);
    expect(ws.run('whoAmI').value).toBe('a@example.com');
    expect(ws.run('whoAmI', [], { user: 'b@example.com' }).value).toBe('b@example.com');
  });

  test('blankActiveUser: the active user is blank for everyone but the owner', () => {
    const ws = new Workspace({
      users: ['a@example.com', 'b@example.com'],
      blankActiveUser: true,
    }).loadBundle(TRIGGERING);
    expect(ws.run('whoAmI').value).toBe('a@example.com');
    expect(ws.run('whoAmI', [], { user: 'b@example.com' }).value).toBe('');
    ws.addUser('c@example.com');
    expect(ws.callFromPage('whoAmI', [], { user: 'c@example.com' }).value).toBe('');
  });

  test('a due trigger fires late by the lateness, as its own execution with the event object', () => {
    const ws = new Workspace({ triggerLatenessMs: 30_000 }).loadBundle(TRIGGERING);
    const t0 = ws.clock.now();
    ws.run('arm', [60_000]);
    expect(ws.advance(60_000)).toEqual([]);
    const fired = ws.advance(60_000);
    expect(fired).toHaveLength(1);
    expect(fired[0].execution.fn).toBe('tick');
    expect(fired[0].execution.triggerUid).toBeTruthy();
    const [at, uid] = ws.properties.script.get('fired')!.split(':');
    expect(Number(at) - t0).toBeGreaterThanOrEqual(90_000);
    expect(uid).toBe(fired[0].execution.triggerUid);
    expect(ws.advance(60 * 60_000)).toEqual([]);
  });

  test('by default each firing is late by a seeded draw: the same for a seed, not for another', () => {
    const latenessOf = (seed: number) => {
      const ws = new Workspace({ seed }).loadBundle(TRIGGERING);
      for (let i = 0; i < 5; i++) {
        ws.run('arm', [1000]);
        ws.settle();
      }
      expect(ws.triggers.firings).toHaveLength(5);
      for (const f of ws.triggers.firings) expect(f.firedAt).toBe(f.dueAt + f.latenessMs);
      return ws.triggers.firings.map((f) => f.latenessMs);
    };
    const drawn = latenessOf(3);
    for (const ms of drawn) expect(ms).toBeGreaterThanOrEqual(10_000);
    expect(new Set(drawn).size).toBe(5);
    expect(latenessOf(3)).toEqual(drawn);
    expect(latenessOf(4)).not.toEqual(drawn);
  });

  test('settle() runs triggers until none is due', () => {
    const ws = new Workspace().loadBundle(TRIGGERING);
    ws.run('arm', [1000]);
    ws.run('arm', [5000]);
    expect(ws.settle().map((r) => r.execution.fn)).toEqual(['tick', 'tick']);
  });

  test('a trigger that falls due while an execution runs starts during it, at its due time', () => {
    const ws = new Workspace({ triggerLatenessMs: 0 }).loadBundle(
      deployment(`
function arm(ms) { ScriptApp.newTrigger('tick').timeBased().after(ms).create(); }
function nap(ms) { Utilities.sleep(ms); }
function tick() { PropertiesService.getScriptProperties().setProperty('at', String(Date.now())); }
`),
    );
    ws.run('arm', [1000]);
    const dueAt = ws.triggers.list()[0].dueAt!;
    const nap = ws.run('nap', [30_000]);
    const tick = ws.runtime.executions.find((e) => e.fn === 'tick')!;
    expect(tick.startedAt).toBe(dueAt);
    expect(tick.startedAt).toBeGreaterThan(nap.execution.startedAt);
    expect(tick.endedAt!).toBeLessThan(nap.execution.endedAt!);
    expect(Number(ws.properties.script.get('at'))).toBeGreaterThanOrEqual(dueAt);
    expect(ws.settle()).toEqual([]);
  });

  test('settle() fires a trigger that fell due after an execution’s last call, at once', () => {
    // The script's own work after its last call moves the clock without a call to start the
    // trigger at: it is overdue when the execution ends, and fires as soon as time moves on.
    const ws = new Workspace({ triggerLatenessMs: 0, cpuScale: 100_000 }).loadBundle(
      deployment(`
function armThenWork(ms) {
  ScriptApp.newTrigger('tick').timeBased().after(ms).create();
  var t0 = Date.now();
  while (Date.now() - t0 < 30000) {}
}
function tick() { PropertiesService.getScriptProperties().setProperty('at', String(Date.now())); }
`),
    );
    expect(ws.run('armThenWork', [1000]).ok).toBe(true);
    const overdueAt = ws.clock.now();
    expect(ws.triggers.list()[0].dueAt!).toBeLessThan(overdueAt);
    expect(ws.settle().map((r) => r.execution.fn)).toEqual(['tick']);
    expect(Number(ws.properties.script.get('at'))).toBeGreaterThanOrEqual(overdueAt);
  });

  test('save and load restore the sheet, Drive, properties, triggers and the clock', () => {
    const ws = new Workspace({ seed: 5 });
    const demo = seedDemo(ws, { tasks: 16 });
    ws.loadBundle(TRIGGERING);
    ws.run('arm', [999_000]);
    ws.properties.script.set('STAGING_FOLDER_ID', demo.folders.staging);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ws-save-')), 'w.json');
    ws.save(file);
    const back = Workspace.load(file);
    expect(back.clock.now()).toBe(ws.clock.now());
    expect(back.sheets.values(demo.spreadsheetId, 'Tasks')).toEqual(
      ws.sheets.values(demo.spreadsheetId, 'Tasks'),
    );
    expect(back.drive.all().map((i) => i.id)).toEqual(ws.drive.all().map((i) => i.id));
    expect(back.properties.script.get('STAGING_FOLDER_ID')).toBe(demo.folders.staging);
    expect(back.triggers.list()).toEqual(ws.triggers.list());
    fs.writeFileSync(file, '{"hello": 1}');
    expect(() => Workspace.load(file)).toThrow(/not a saved workspace/);
  });

  test('the same seed builds the same demo; another seed another', () => {
    const build = (seed: number) => {
      const ws = new Workspace({ seed });
      const demo = seedDemo(ws, { tasks: 16 });
      return JSON.stringify(ws.sheets.values(demo.spreadsheetId, 'Tasks'));
    };
    expect(build(3)).toBe(build(3));
    expect(build(3)).not.toBe(build(4));
  });
});
