/**
 * Google's per-user daily quotas as the bundle meets them through a workspace: the figures of the
 * Apps Script quotas page for both account tiers, one usage per user shared by every execution and
 * bundle load, each counter reset 24 hours after its first use, and the usage kept in a saved
 * workspace.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Workspace } from '../index';

const OPS = 'ops@example.com';
const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

const CODE = `
function fetchOnce() {
  return UrlFetchApp.fetch('https://www.googleapis.com/drive/v3/files/missing', {
    headers: { Authorization: 'Bearer ' + ScriptApp.getOAuthToken() },
    muteHttpExceptions: true,
  }).getResponseCode();
}
function fetchMany(n) {
  var req = {
    url: 'https://www.googleapis.com/drive/v3/files/missing',
    headers: { Authorization: 'Bearer ' + ScriptApp.getOAuthToken() },
    muteHttpExceptions: true,
  };
  var reqs = [];
  for (var i = 0; i < n; i++) reqs.push(req);
  return UrlFetchApp.fetchAll(reqs).length;
}
function propsOnce() {
  var props = PropertiesService.getScriptProperties();
  props.setProperty('k', 'v');
  return props.getProperty('k');
}
function propsBatch() {
  var props = PropertiesService.getUserProperties();
  props.setProperties({ a: '1', b: '2', c: '3' });
  return Object.keys(props.getProperties()).length;
}
function createOne(name) {
  return SpreadsheetApp.create(name, 1, 1).getId();
}
function work() {
  for (var i = 1; i <= 5; i++) {
    Utilities.sleep(60000);
    CacheService.getScriptCache().put('slept', String(i));
  }
  return 'done';
}
function armWork(afterMs) {
  CacheService.getScriptCache().remove('slept');
  ScriptApp.newTrigger('work').timeBased().after(afterMs).create();
}
function armEvery10() {
  ScriptApp.newTrigger('work').timeBased().everyMinutes(10).create();
}
`;

function deployment(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quotas-test-'));
  fs.writeFileSync(path.join(dir, 'Code.js'), CODE);
  return dir;
}

const DIST = deployment();

function workspace(accountTier?: 'consumer' | 'workspace') {
  return new Workspace(accountTier ? { accountTier } : {}).loadBundle(DIST);
}

/** How many of its 5 minutes the last `work` slept through, as its own cache entry says. */
function cached(ws: Workspace): string | null {
  const caches = ws.globals().CacheService as GoogleAppsScript.Cache.CacheService;
  return ws.execute(() => caches.getScriptCache().get('slept')).value ?? null;
}

describe('the accountTier option', () => {
  test("defaults to consumer; 'workspace' applies the other column; anything else is refused", () => {
    expect(new Workspace().quotas.tier).toBe('consumer');
    expect(new Workspace().quotas.limit('urlFetch')).toBe(20_000);
    const ws = new Workspace({ accountTier: 'workspace' });
    expect(
      ['urlFetch', 'properties', 'triggerRuntime', 'spreadsheetsCreated'].map((k) =>
        ws.quotas.limit(k as never),
      ),
    ).toEqual([100_000, 500_000, 6 * HOUR, 3_200]);
    expect(() => new Workspace({ accountTier: 'enterprise' as never })).toThrow(
      /accountTier must be 'consumer' or 'workspace'/,
    );
  });
});

describe('URL Fetch calls', () => {
  test('every call counts, in every execution and across bundle loads', () => {
    const ws = workspace();
    expect(ws.run('fetchOnce').value).toBe(404);
    expect(ws.run('fetchMany', [3]).value).toBe(3);
    ws.loadBundle(DIST);
    ws.run('fetchOnce');
    expect(ws.quotas.used(OPS, 'urlFetch')).toBe(5);
  });

  test.each([
    ['consumer', 20_000],
    ['workspace', 100_000],
  ] as const)("%s accounts: %i calls a day, then Google's exception", (tier, limit) => {
    const ws = workspace(tier);
    ws.quotas.spend(OPS, 'urlFetch', limit - 1);
    expect(ws.run('fetchOnce').ok).toBe(true);
    const refused = ws.run('fetchOnce');
    expect(refused.ok).toBe(false);
    expect(refused.error).toBe('Service invoked too many times for one day: urlfetch.');
    expect(ws.quotas.used(OPS, 'urlFetch')).toBe(limit);
  });

  test('the day ends 24 hours after its first call, not at midnight', () => {
    const ws = new Workspace({ start: Date.UTC(2026, 10, 24, 22, 0) }).loadBundle(DIST);
    ws.run('fetchOnce');
    const first = ws.quotas.resetsAt(OPS, 'urlFetch')! - 24 * HOUR;
    ws.quotas.spend(OPS, 'urlFetch', 19_999);
    ws.advance(3 * HOUR); // 01:00 UTC the next day
    expect(ws.run('fetchOnce').error).toMatch(/for one day: urlfetch/);
    ws.advance(first + 24 * HOUR - ws.clock.now() - MINUTE);
    expect(ws.run('fetchOnce').ok).toBe(false);
    ws.advance(first + 24 * HOUR - ws.clock.now());
    expect(ws.run('fetchOnce').ok).toBe(true);
    expect(ws.quotas.used(OPS, 'urlFetch')).toBe(1);
  });

  test('each user has a day of their own', () => {
    const ws = new Workspace({ users: [OPS, 'ana@example.com'] }).loadBundle(DIST);
    ws.quotas.spend(OPS, 'urlFetch', 20_000);
    expect(ws.run('fetchOnce').ok).toBe(false);
    expect(ws.run('fetchOnce', [], { user: 'ana@example.com' }).ok).toBe(true);
  });
});

describe('Properties read/write', () => {
  test('each call on a store counts one, whatever it carries; opening a store does not', () => {
    const ws = workspace();
    expect(ws.run('propsOnce').value).toBe('v');
    expect(ws.quotas.used(OPS, 'properties')).toBe(2);
    expect(ws.run('propsBatch').value).toBe(3);
    expect(ws.quotas.used(OPS, 'properties')).toBe(4);
  });

  test.each([
    ['consumer', 50_000],
    ['workspace', 500_000],
  ] as const)("%s accounts: %i a day, then Google's pattern of exception", (tier, limit) => {
    const ws = workspace(tier);
    ws.quotas.spend(OPS, 'properties', limit - 1);
    const result = ws.run('propsOnce'); // the write is the last one; the read is refused
    expect(result.error).toBe('Service invoked too many times for one day: properties.');
    expect(ws.properties.script.get('k')).toBe('v');
  });
});

describe('Spreadsheets created', () => {
  test('counted across executions; refused once the day is spent', () => {
    const ws = workspace();
    ws.quotas.spend(OPS, 'spreadsheetsCreated', 248);
    expect(ws.run('createOne', ['a']).ok).toBe(true);
    expect(ws.run('createOne', ['b']).ok).toBe(true);
    expect(ws.run('createOne', ['c']).error).toBe(
      'Service invoked too many times for one day: spreadsheets create.',
    );
    expect(ws.drive.all().filter((i) => i.name === 'c')).toEqual([]);
  });

  test('Google Workspace accounts create 3,200 a day', () => {
    const ws = workspace('workspace');
    ws.quotas.spend(OPS, 'spreadsheetsCreated', 3_199);
    expect(ws.run('createOne', ['last']).ok).toBe(true);
    expect(ws.run('createOne', ['over']).ok).toBe(false);
  });
});

describe('Triggers total runtime', () => {
  test.each([
    ['consumer', 90 * MINUTE],
    ['workspace', 6 * HOUR],
  ] as const)(
    '%s accounts: a trigger execution that runs past the day is stopped, the next fails at once',
    (tier, limit) => {
      const ws = workspace(tier);
      ws.quotas.spend(OPS, 'triggerRuntime', limit - 2 * MINUTE - 30_000);
      ws.run('armWork', [1000]);
      const [stopped] = ws.settle();
      expect(stopped.execution.fn).toBe('work');
      expect(stopped).toMatchObject({
        ok: false,
        killed: true,
        error: 'Service using too much computer time for one day.',
      });
      // 2.5 minutes were left: it slept twice, passed the day during the third sleep and was
      // stopped there, before it wrote.
      expect(cached(ws)).toBe('2');
      expect(ws.quotas.used(OPS, 'triggerRuntime')).toBeGreaterThan(limit);

      ws.run('armWork', [1000]);
      const [refused] = ws.settle();
      expect(refused).toMatchObject({
        ok: false,
        error: 'Service using too much computer time for one day.',
      });
      expect(refused.execution.endedAt).toBe(refused.execution.startedAt);
      expect(cached(ws)).toBeNull();

      // Executions the user starts are not trigger runtime.
      expect(ws.run('work').value).toBe('done');

      // The day ends 24 hours after the first trigger execution counted.
      ws.advance(ws.quotas.resetsAt(OPS, 'triggerRuntime')! - ws.clock.now());
      ws.run('armWork', [1000]);
      const next = ws.settle();
      expect(next.map((r) => r.value)).toEqual(['done']);
      expect(ws.quotas.used(OPS, 'triggerRuntime')).toBe(
        next[0].execution.endedAt! - next[0].execution.startedAt,
      );
    },
  );

  test('the runtime of every trigger execution adds up: 90 minutes for a consumer account', () => {
    const ws = workspace();
    ws.run('armEvery10');
    const day = ws.advance(24 * HOUR);
    const outcomes = day.map((r) => (r.ok ? 'ok' : r.killed ? 'stopped' : 'refused'));
    // Each run sleeps 5 minutes: 17 runs use 85 minutes, the 18th passes 90 and is stopped.
    expect(outcomes.slice(0, 18)).toEqual([...Array(17).fill('ok'), 'stopped']);
    expect(new Set(outcomes.slice(18))).toEqual(new Set(['refused']));
    const firstStart = day[0].execution.startedAt;
    expect(ws.quotas.resetsAt(OPS, 'triggerRuntime')).toBe(firstStart + 24 * HOUR);
    // The first firing 24 hours after the first one starts a new day.
    const later = ws.advance(HOUR);
    const newDay = (r: (typeof later)[0]) => r.execution.startedAt >= firstStart + 24 * HOUR;
    expect(later.filter((r) => !newDay(r)).every((r) => !r.ok && !r.killed)).toBe(true);
    expect(later.filter(newDay).length).toBeGreaterThan(0);
    expect(later.filter(newDay).every((r) => r.ok)).toBe(true);
  });
});

describe('saved workspaces', () => {
  test('keep the usage, its windows and the account tier', () => {
    const ws = new Workspace({ accountTier: 'workspace' }).loadBundle(DIST);
    ws.run('fetchOnce');
    ws.run('propsOnce');
    ws.quotas.spend(OPS, 'triggerRuntime', 10 * MINUTE);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'quotas-save-')), 'w.json');
    ws.save(file);
    const back = Workspace.load(file).loadBundle(DIST);
    expect(back.quotas.tier).toBe('workspace');
    for (const kind of ['urlFetch', 'properties', 'triggerRuntime'] as const) {
      expect(back.quotas.used(OPS, kind)).toBe(ws.quotas.used(OPS, kind));
      expect(back.quotas.resetsAt(OPS, kind)).toBe(ws.quotas.resetsAt(OPS, kind));
    }
    back.run('fetchOnce');
    expect(back.quotas.used(OPS, 'urlFetch')).toBe(2);
  });

  test('a workspace saved before quotas were kept loads with a fresh day', () => {
    const ws = workspace();
    ws.run('fetchOnce');
    const saved = ws.toJSON();
    delete saved.quotas;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'quotas-old-')), 'w.json');
    fs.writeFileSync(file, JSON.stringify(saved));
    expect(Workspace.load(file).quotas.used(OPS, 'urlFetch')).toBe(0);
  });
});
