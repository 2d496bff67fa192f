import type { CallInfo } from '../../emulator';
import { deliver, deliveryFolder, deliveryOutcome, stageAll } from '../helpers/delivery';
import {
  call,
  Demo,
  demoWorkspace,
  duplicatesIn,
  rowOf,
  setSliceBudget,
  stagingOutcome,
  StagingStart,
  startStagingAll,
  tree,
} from '../helpers/workspace';

type Start = StagingStart;

const WRITES = new Set(['drive.files.copy', 'drive.files.create']);
const isCopy = (c: CallInfo) => c.method === 'drive.files.copy';

/**
 * The demo workspace with Drive's write ceiling on. One-by-one DriveApp copies cannot pace
 * themselves (at the emulator's few ms per call they would run into it), so they run without.
 */
function workspace(copier: 'rest' | 'driveapp' = 'rest', props: Record<string, string> = {}) {
  const d = demoWorkspace({ ws: { driveWriteCeiling: copier === 'rest' } });
  if (copier === 'driveapp') d.ws.properties.script.set('EXPORT_COPIER', 'driveapp');
  for (const [k, v] of Object.entries(props)) d.ws.properties.script.set(k, v);
  return d;
}

/** The sidebar calling continueJob back to back until the job ends. */
function bySidebar(d: Demo, jobId: string): void {
  for (let i = 0; i < 500; i++) {
    d.ws.runDueTriggers();
    if (call<{ finished: boolean }>(d, 'continueJob', jobId).finished) return;
  }
  throw new Error('the job did not finish');
}

/** Every service call with the simulated time it was made at. */
function callLog(d: Demo): Array<CallInfo & { at: number }> {
  const log: Array<CallInfo & { at: number }> = [];
  d.ws.runtime.onCall((c) => log.push({ ...c, at: d.ws.clock.now() }));
  return log;
}

/** The most writes started within any one second. */
function busiestSecond(times: number[]): number {
  let most = 0;
  for (const t of times) most = Math.max(most, times.filter((u) => u >= t && u < t + 1000).length);
  return most;
}

function batchFolderOf(d: Demo, batchId: string) {
  return d.ws.drive.children(d.demo.folders.staging).find((f) => f.name.endsWith(batchId))!;
}

/** Someone else takes an item into their own Drive without sharing it: the user can no longer see it. */
function unshare(d: Demo, id: string): void {
  const other = d.demo.users.other;
  d.ws.drive.move(id, d.ws.drive.rootId(other));
  d.ws.drive.get(id)!.owner = other;
}

/** Staging with the DriveApp copier, run by triggers: what every REST run must end as. */
function baseline() {
  const d = workspace('driveapp');
  const s = startStagingAll(d);
  d.ws.settle();
  return stagingOutcome(d, s.batchId);
}

const expected = baseline();

function expectSameEnd(d: Demo, s: Start): void {
  expect(stagingOutcome(d, s.batchId)).toEqual(expected);
  expect(duplicatesIn(tree(d, batchFolderOf(d, s.batchId).id))).toEqual([]);
}

describe('the REST copier through the built bundle', () => {
  test('it is the default; EXPORT_COPIER=driveapp selects DriveApp; both end identical', () => {
    const rest = workspace();
    const restLog = callLog(rest);
    const s = startStagingAll(rest);
    rest.ws.settle();
    expectSameEnd(rest, s);
    expect(restLog.some(isCopy)).toBe(true);
    expect(restLog.some((c) => c.method === 'File.makeCopy')).toBe(false);

    const driveApp = workspace('driveapp');
    const driveAppLog = callLog(driveApp);
    startStagingAll(driveApp);
    driveApp.ws.settle();
    expect(driveAppLog.some(isCopy)).toBe(false);
    expect(driveAppLog.some((c) => c.method === 'File.makeCopy')).toBe(true);
  });

  test('paced: never more than 3 writes in any second, across back-to-back slices; none refused', () => {
    const d = workspace();
    setSliceBudget(d, 2500);
    const log = callLog(d);
    const s = startStagingAll(d);
    bySidebar(d, s.jobId);
    expectSameEnd(d, s);
    const writes = log.filter((c) => WRITES.has(c.method));
    expect(new Set(writes.map((c) => c.executionId)).size).toBeGreaterThan(3);
    expect(busiestSecond(writes.map((c) => c.at))).toBe(3);
    expect(d.ws.ctx.ceiling.refused).toEqual([]);
  });

  test('EXPORT_WRITES_PER_SECOND sets the pace: at 1 per second there is one write per second', () => {
    const d = workspace('rest', { EXPORT_WRITES_PER_SECOND: '1' });
    const log = callLog(d);
    const s = startStagingAll(d);
    d.ws.settle();
    expectSameEnd(d, s);
    expect(busiestSecond(log.filter((c) => WRITES.has(c.method)).map((c) => c.at))).toBe(1);
  });

  test('paced above Drive’s ceiling, refusals (403 and 429) are backed off and the end is the same', () => {
    const d = workspace('rest', { EXPORT_WRITES_PER_SECOND: '12' });
    const s = startStagingAll(d);
    d.ws.settle();
    expect(d.ws.ctx.ceiling.refused.length).toBeGreaterThan(0);
    expectSameEnd(d, s);
  });

  test('backoff after refusals in a row doubles: 1 s, 2 s, 4 s (plus up to 1 s of jitter)', () => {
    const d = workspace();
    const log = callLog(d);
    d.ws.faults.add({ kind: 'rateLimit', probability: 1, times: 12, match: isCopy });
    const s = startStagingAll(d);
    d.ws.settle();
    expectSameEnd(d, s);
    const refusedAt = [
      ...new Set(
        d.ws.faults.fired
          .filter((f) => f.kind === 'rateLimit')
          .map((f) => log.find((c) => c.index === f.call.index)!.at),
      ),
    ];
    expect(refusedAt.length).toBeGreaterThanOrEqual(4);
    const gaps = refusedAt.slice(1).map((t, i) => t - refusedAt[i]);
    gaps.slice(0, 3).forEach((gap, n) => {
      expect(gap).toBeGreaterThanOrEqual(1000 * 2 ** n);
      expect(gap).toBeLessThan(1000 * 2 ** n + 1000 + 200);
    });
  });

  test.each([
    ['403 userRateLimitExceeded', 'rateLimit' as const],
    ['500 / 503', 'transient5xx' as const],
  ])('a storm of %s answers on 30%% of copies: same end, no duplicate', (_label, kind) => {
    const d = workspace();
    d.ws.faults.add({ kind, probability: 0.3, match: isCopy });
    const s = startStagingAll(d);
    d.ws.settle();
    expect(d.ws.faults.fired.filter((f) => f.kind === kind).length).toBeGreaterThan(5);
    expectSameEnd(d, s);
  });

  test('copies and folders made but answered 500 (30%): each is sent again with its generated id, no listing needed, no duplicate', () => {
    const d = workspace();
    const log = callLog(d);
    d.ws.faults.add({
      kind: 'successWithError',
      probability: 0.3,
      match: (c) => WRITES.has(c.method),
    });
    const s = startStagingAll(d);
    d.ws.settle();
    expectSameEnd(d, s);
    const lied = d.ws.faults.fired.filter((f) => f.kind === 'successWithError' && isCopy(f.call));
    expect(lied.length).toBeGreaterThan(5);
    // Drive refuses the repeat of a copy that landed (409): it goes again straight away.
    let straight = 0;
    for (const f of lied) {
      const at = log.findIndex((c) => c.index === f.call.index);
      const again = log.findIndex((c, i) => i > at && c.detail === f.call.detail && isCopy(c));
      expect(again).toBeGreaterThan(at);
      if (!log.slice(at + 1, again).some((c) => c.method === 'drive.files.list')) straight += 1;
    }
    expect(straight).toBeGreaterThan(0);
    expect(log.filter((c) => c.method === 'drive.files.generateIds').length).toBeGreaterThan(0);
  });

  test.each([
    ['before it is sent', false],
    ['after Drive made the copies', true],
  ])(
    'killed in the middle of a fetchAll of copies (%s): resumed with no duplicate',
    (_l, after) => {
      const d = workspace();
      setSliceBudget(d, 4000);
      d.ws.faults.add({ kind: after ? 'killAfter' : 'kill', nth: 8, match: isCopy });
      const s = startStagingAll(d);
      const runs = d.ws.settle();
      expect(runs.some((r) => r.killed)).toBe(true);
      expectSameEnd(d, s);
    },
  );

  test('a source that stops being shared after it was checked fails its task, naming the file', () => {
    const d = workspace();
    const victim = d.demo.tasks.filter((t) => t.kind === 'valid')[2];
    const fileId = victim.fileIds[4];
    const name = d.ws.drive.get(fileId)!.name;
    let hidden = false;
    d.ws.runtime.onCall((c) => {
      if (hidden || !isCopy(c) || !c.detail?.includes(fileId)) return;
      // It now belongs to someone who has not shared it: Drive answers 404 to the copy.
      unshare(d, fileId);
      hidden = true;
    });
    startStagingAll(d);
    d.ws.settle();
    expect(hidden).toBe(true);
    expect(rowOf(d, victim.taskId)['Export Status']).toBe('staging_failed');
    const log = d.ws.sheets.values(d.demo.spreadsheetId, 'Export Log');
    const reason = String(log.filter((r) => r[2] === victim.taskId).pop()![6]);
    expect(reason).toBe(
      `Task ${victim.taskId}: "${name}" could not be copied: the file ${fileId} does not exist or is not shared with you.`,
    );
    for (const t of d.demo.tasks.filter((t) => t.kind === 'valid' && t !== victim)) {
      expect(rowOf(d, t.taskId)['Export Status']).toBe('staged');
    }
  });

  test('a task folder that disappears mid-copy (404 to its copies) is made again; the task ends whole', () => {
    const d = workspace();
    const victim = d.demo.tasks.filter((t) => t.kind === 'valid')[1];
    let copies = 0;
    let hidden: string | null = null;
    d.ws.runtime.onCall((c) => {
      if (hidden || !isCopy(c) || !victim.fileIds.some((id) => c.detail?.includes(id))) return;
      copies += 1;
      if (copies < 4) return;
      const folder = d.ws.drive.all().find((i) => i.name === victim.folderName && i.parentId);
      unshare(d, folder!.id);
      hidden = folder!.id;
    });
    const s = startStagingAll(d);
    d.ws.settle();
    expect(hidden).not.toBeNull();
    expect(rowOf(d, victim.taskId)['Export Status']).toBe('staged');
    expect(rowOf(d, victim.taskId)['Staged Count']).toBe(victim.expectedFiles);
    expect(stagingOutcome(d, s.batchId)).toEqual(expected);
  });

  test('each slice reads the tracking sheet once and writes it once, however many rows change', () => {
    const d = demoWorkspace({ ws: { driveWriteCeiling: true }, demo: { tasks: 40 } });
    setSliceBudget(d, 8000);
    const sheetCalls = new Map<number, string[]>();
    const finishing = new Set<number>();
    // The tracking sheet and the Export Log (each job's own ledger sheet is written as it goes).
    d.ws.runtime.onCall((c) => {
      if (c.method === 'Spreadsheet.create') finishing.add(c.executionId);
      if (c.service !== 'SpreadsheetApp' || !['Tasks', 'Export Log'].includes(c.detail ?? ''))
        return;
      sheetCalls.set(c.executionId, [...(sheetCalls.get(c.executionId) ?? []), c.method]);
    });
    startStagingAll(d);
    const slices = d.ws.settle().filter((r) => r.execution.fn === 'runExportJobs');
    // The slices that finish the job also write the export sheet (the slice whose tasks ran out
    // begins it, the next one goes on); every other one works and commits.
    const working = slices
      .slice(0, -1)
      .filter((r) => !finishing.has(r.execution.id))
      .map((r) => sheetCalls.get(r.execution.id) ?? []);
    expect(working.length).toBeGreaterThan(3);
    for (const calls of working) {
      // Reads: the sheet for the work, then, for the commit, the rows and a check that none moved.
      expect(calls.filter((m) => m === 'Range.getValues').length).toBeLessThanOrEqual(3);
      expect(calls.filter((m) => m === 'Range.setValues').length).toBeLessThanOrEqual(2);
    }
    // Slices that settled tasks made the same calls, whether they settled one row or several
    // rows far apart in the sheet.
    const log = d.ws.sheets.values(d.demo.spreadsheetId, 'Export Log').slice(1);
    const byCommit = new Map<number, number[]>();
    for (const entry of log.filter((e) => e[4] === 'staging')) {
      const at = (entry[0] as Date).getTime();
      byCommit.set(at, [
        ...(byCommit.get(at) ?? []),
        d.demo.tasks.find((t) => t.taskId === entry[2])!.row,
      ]);
    }
    const scattered = [...byCommit.values()].filter(
      (rows) => rows.length > 1 && Math.max(...rows) - Math.min(...rows) >= rows.length,
    );
    expect(scattered.length).toBeGreaterThan(0);
    const committing = working.filter((calls) => calls.includes('Range.setValues'));
    expect(new Set(committing.map((calls) => calls.length)).size).toBe(1);
  });
});

describe('delivery with the REST copier', () => {
  /** A batch staged with the write ceiling on, ready to deliver. */
  function staged(copier: 'rest' | 'driveapp' = 'rest') {
    const d = workspace(copier);
    return { d, batchId: stageAll(d) };
  }

  /** Delivered by the DriveApp copier, by triggers: what every REST delivery must end as. */
  const delivered = (() => {
    const { d, batchId } = staged('driveapp');
    deliver(d, batchId);
    d.ws.settle();
    return deliveryOutcome(d, batchId);
  })();

  function expectDelivered(d: Demo, batchId: string): void {
    expect(deliveryOutcome(d, batchId)).toEqual(delivered);
    expect(duplicatesIn(tree(d, deliveryFolder(d, batchId)!.id))).toEqual([]);
  }

  test('paced across task folders and back-to-back slices: never more than 3 writes in any second', () => {
    const { d, batchId } = staged();
    setSliceBudget(d, 2500);
    const log = callLog(d);
    const start = deliver(d, batchId);
    bySidebar(d, start.jobId);
    expectDelivered(d, batchId);
    const writes = log.filter((c) => WRITES.has(c.method));
    expect(new Set(writes.map((c) => c.executionId)).size).toBeGreaterThan(3);
    expect(busiestSecond(writes.map((c) => c.at))).toBe(3);
    expect(d.ws.ctx.ceiling.refused).toEqual([]);
  });

  test('copies and folders made but answered 500, and rate-limit refusals: same end, no duplicate', () => {
    const { d, batchId } = staged();
    d.ws.faults.add({
      kind: 'successWithError',
      probability: 0.25,
      match: (c) => WRITES.has(c.method),
    });
    d.ws.faults.add({ kind: 'rateLimit', probability: 0.2, match: isCopy });
    deliver(d, batchId);
    d.ws.settle();
    const fired = (kind: string) => d.ws.faults.fired.filter((f) => f.kind === kind).length;
    expect(fired('successWithError')).toBeGreaterThan(5);
    expect(fired('rateLimit')).toBeGreaterThan(5);
    expectDelivered(d, batchId);
  });
});
