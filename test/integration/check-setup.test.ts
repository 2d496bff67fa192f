/**
 * Check setup (issue 16) through the built bundle: each check's ok, warning and failure on the
 * emulator, and a kill at every call of the check leaving nothing behind once the next check ran.
 */
import type { SetupCheckLine, SetupReport } from '../../src/shared/rpc';
import type { WorkspaceOptions } from '../../emulator';
import { FOLDER_MIME } from '../../emulator/drive';
import { Demo, call, demoWorkspace } from '../helpers/workspace';
import { REQUIRED_SCOPES } from '../../src/setup/setup-check';
import manifest from '../../appsscript.json';

const PROBE_PROPERTY = 'SETUP_CHECK_PROBE_FOLDER';
const PROBE_PREFIX = 'Export add-on setup check';

function check(d: Demo): Record<string, SetupCheckLine> {
  const report = call<SetupReport>(d, 'runSetupCheck');
  return Object.fromEntries(report.lines.map((l) => [l.id, l]));
}

function workspace(ws: WorkspaceOptions = {}): Demo {
  return demoWorkspace({ ws, demo: { tasks: 4, invalid: false, alreadyExported: 0 } });
}

/** Probe folders and files in Drive that are not in the trash. */
function probeLeft(d: Demo): string[] {
  const left: string[] = [];
  const walk = (id: string) => {
    for (const item of d.ws.drive.children(id)) {
      if (d.ws.drive.isTrashed(item.id)) continue;
      if (item.name.startsWith(PROBE_PREFIX) || item.name.startsWith('probe')) left.push(item.name);
      if (item.mimeType === FOLDER_MIME) walk(item.id);
    }
  };
  walk(d.demo.folders.staging);
  return left;
}

function leftovers(d: Demo) {
  return {
    drive: probeLeft(d),
    triggers: d.ws.triggers.list().filter((t) => t.handlerFunction === 'cleanUpSetupCheck').length,
    property: d.ws.properties.script.get(PROBE_PROPERTY) ?? null,
  };
}

const NOTHING = { drive: [], triggers: 0, property: null };

describe('Check setup', () => {
  test('the scopes it checks are the manifest’s', () => {
    expect(Object.keys(REQUIRED_SCOPES).sort()).toEqual([...manifest.oauthScopes].sort());
  });

  test('on a healthy account every line is ok, and nothing is left behind', () => {
    const d = workspace();
    const lines = check(d);
    expect(Object.keys(lines)).toEqual([
      'scopes',
      'batch',
      'staging',
      'ids',
      'listing',
      'cleanup',
      'triggers',
      'properties',
      'quota',
    ]);
    for (const l of Object.values(lines)) expect([l.id, l.status]).toEqual([l.id, 'ok']);
    expect(leftovers(d)).toEqual(NOTHING);
    // The probe's folder is in the trash, with its files.
    const trashed = d.ws.drive
      .children(d.demo.folders.staging, { includeTrashed: true })
      .filter((i) => i.name.startsWith(PROBE_PREFIX));
    expect(trashed).toHaveLength(1);
    expect(d.ws.drive.isTrashed(trashed[0].id)).toBe(true);
  });

  test('a scope not granted fails the permissions line and names what cannot be done', () => {
    const d = workspace();
    d.ws.grants.withhold(d.ws.owner, 'https://www.googleapis.com/auth/script.scriptapp');
    const l = check(d).scopes;
    expect(l.status).toBe('failed');
    expect(l.found).toMatch(/finish exports in the background/);
    expect(l.todo).toMatch(/allow/);
  });

  test('a staging folder the user cannot add to fails, and the probe is not run', () => {
    const d = workspace();
    d.ws.properties.script.set('STAGING_FOLDER_ID', d.demo.folders.clientViewOnly);
    const lines = check(d);
    expect(lines.staging.status).toBe('failed');
    expect(lines.staging.found).toMatch(/cannot add files/);
    expect(lines.ids.status).toBe('warning');
    expect(lines.ids.found).toMatch(/Not checked/);
    expect(lines.triggers.status).toBe('ok');
  });

  test('no staging folder set fails with what to do', () => {
    const d = workspace();
    d.ws.properties.script.delete('STAGING_FOLDER_ID');
    const l = check(d).staging;
    expect(l.status).toBe('failed');
    expect(l.todo).toMatch(/Configure staging folder/);
  });

  test('20 triggers in use fail the trigger line; 18 warn', () => {
    const d = workspace();
    for (let i = 0; i < 20; i++) {
      d.ws.triggers.add({
        uid: `t${i}`,
        handlerFunction: 'runExportWatchdog',
        type: 'CLOCK',
        owner: d.ws.owner,
        createdAt: d.ws.clock.now(),
        dueAt: d.ws.clock.now() + 86_400_000,
        periodMs: 86_400_000,
        firedCount: 0,
        lastFiredAt: null,
      });
    }
    const full = check(d).triggers;
    expect(full.status).toBe('failed');
    expect(full.found).toMatch(/20 of the 20/);
    d.ws.triggers.remove('t0');
    d.ws.triggers.remove('t1');
    const crowded = check(d).triggers;
    expect(crowded.status).toBe('warning');
    expect(crowded.found).toMatch(/18 of the 20/);
    expect(leftovers(d)).toEqual(NOTHING);
  });

  test('a listing that lags is a warning that says how long and that the add-on copes', () => {
    const d = workspace({ listingLagMs: 5_000 });
    const l = check(d).listing;
    expect(l.status).toBe('warning');
    expect(l.found).toMatch(/took \d+ s to show/);
    expect(l.found).toMatch(/still copes/);
    expect(leftovers(d)).toEqual(NOTHING);
  });

  test('a listing that never catches up in the wait is a warning too', () => {
    const d = workspace({ listingLagMs: 60_000 });
    const l = check(d).listing;
    expect(l.status).toBe('warning');
    expect(l.found).toMatch(/did not show/);
    expect(leftovers(d)).toEqual(NOTHING);
  });

  test('a refused batch endpoint fails the batch line; nothing is made', () => {
    const d = workspace();
    d.ws.faults.add({ kind: 'error', probability: 1, match: (c) => c.method === 'drive.batch' });
    const lines = check(d);
    expect(lines.batch.status).toBe('failed');
    expect(lines.batch.found).toMatch(/batch request"; code \d+\)/);
    expect(lines.staging.status).toBe('warning');
    expect(lines.ids.status).toBe('warning');
    expect(lines.ids.found).toMatch(/Not checked/);
    expect(leftovers(d)).toEqual(NOTHING);
  });

  test('a second copy that is not refused with 409 fails the exactly-once line', () => {
    const d = workspace();
    // The second send answered with something other than 409: Drive did not vouch for the id.
    d.ws.faults.add({ kind: 'error', nth: 2, match: (c) => c.method === 'drive.files.copy' });
    const l = check(d).ids;
    expect(l.status).toBe('failed');
    expect(leftovers(d)).toEqual(NOTHING);
  });

  test('a property store nearly full warns', () => {
    const d = workspace();
    for (let i = 0; i < 50; i++) d.ws.properties.script.set(`filler${i}`, 'x'.repeat(8_500));
    const l = check(d).properties;
    expect(l.status).toBe('warning');
    expect(l.found).toMatch(/of the 500 KB/);
  });

  test('a property store all but full fails, with what to do', () => {
    const d = workspace();
    for (let i = 0; i < 59; i++) d.ws.properties.script.set(`filler${i}`, 'x'.repeat(8_500));
    const l = check(d).properties;
    expect(l.status).toBe('failed');
    expect(l.found).toMatch(/of the 500 KB Google allows \(9\d %\)/);
    expect(l.todo).toMatch(/clean up/);
  });

  test('a day mostly spent warns with the planner’s files a day', () => {
    const d = workspace();
    const first = check(d).quota;
    expect(first.status).toBe('ok');
    expect(first.found).toMatch(/about [\d,]+ files a day/);
    d.ws.properties
      .user(d.ws.owner)
      .set(
        'exportDailyUsage',
        JSON.stringify({ urlFetch: { openedAt: d.ws.clock.now(), used: 19_000 } }),
      );
    const l = check(d).quota;
    expect(l.status).toBe('warning');
    expect(l.found).toMatch(/19,0\d\d of 20,000/);
  });

  test('killed at any call, the next check leaves no probe folder, trigger or record', () => {
    const first = workspace();
    const before = first.ws.runtime.callCount;
    check(first);
    const calls = first.ws.runtime.callCount - before;
    expect(calls).toBeGreaterThan(10);
    for (let i = 1; i <= calls; i++) {
      for (const after of [false, true]) {
        const d = workspace();
        d.ws.faults.killAt(d.ws.runtime.callCount + i, after);
        const killed = d.ws.callFromPage('runSetupCheck', []);
        expect([i, after, killed.killed]).toEqual([i, after, true]);
        d.ws.faults.clear();
        const lines = check(d);
        expect([i, after, leftovers(d)]).toEqual([i, after, NOTHING]);
        expect([i, after, lines.cleanup.status]).toEqual([i, after, 'ok']);
      }
    }
  });

  test('killed right after making its trigger, that trigger removes the leftovers when it fires', () => {
    const d = workspace();
    d.ws.faults.add({
      kind: 'killAfter',
      nth: 1,
      match: (c) => c.service === 'ScriptApp' && c.method === 'ClockTriggerBuilder.create',
    });
    expect(d.ws.callFromPage('runSetupCheck', []).killed).toBe(true);
    d.ws.faults.clear();
    expect(leftovers(d).triggers).toBe(1);
    d.ws.settle();
    expect(leftovers(d)).toEqual(NOTHING);
  });
});
