/**
 * A year of daily use in one spreadsheet (issue 11): the Export Log, the export sheets, the batch
 * registry and the jobs' progress all grow with use, and none may hit a wall that a fresh
 * spreadsheet never shows: Google's new sheets have 1,000 rows, the script's properties hold
 * 500 KB. The figures of a longer run are in the lifetime benchmark (npm run bench:lifetime).
 */
import {
  Demo,
  call,
  callError,
  demoWorkspace,
  rows,
  setSliceBudget,
  snapshot,
} from '../helpers/workspace';
import { exportLog } from '../helpers/bad-inputs';
import { deliver } from '../helpers/delivery';
import { LOG_HEADERS } from '../../src/status/export-log';

function propertyBytes(d: Demo): number {
  let total = 0;
  for (const [k, v] of d.ws.properties.script) {
    total += Buffer.byteLength(k, 'utf8') + Buffer.byteLength(v, 'utf8');
  }
  return total;
}

function eligibleIds(d: Demo): string[] {
  const preview = call<{ selection: { tasks: Array<{ taskId: string }> } }>(
    d,
    'getTasksForStaging',
    {},
  );
  return preview.selection.tasks.map((t) => t.taskId);
}

function stageTasks(d: Demo, taskIds: string[]): string {
  const start = call<{ batchId: string }>(d, 'executeStagingWizard', { filters: {}, taskIds });
  d.ws.settle();
  return start.batchId;
}

/** The registry sheet's records, as the add-on wrote them. */
function registry(d: Demo): Array<{ batchId: string; deliveries: unknown[] }> {
  const values = d.ws.sheets.values(d.demo.spreadsheetId, 'Export Batches');
  const recordColumn = values[0].length - 1;
  return values.slice(1).map((r) => JSON.parse(String(r[recordColumn])));
}

describe('a spreadsheet used every day', () => {
  test('300 one-task batches staged and delivered one after another: nothing fails, every change is logged', () => {
    const d = demoWorkspace({ demo: { tasks: 300, invalid: false, filesPerTask: 6 } });
    const ids = eligibleIds(d);
    expect(ids).toHaveLength(300);
    const bytesAfter: number[] = [];
    for (const taskId of ids) {
      const batchId = stageTasks(d, [taskId]);
      deliver(d, batchId);
      d.ws.settle();
      bytesAfter.push(propertyBytes(d));
    }
    const statuses = rows(d).map((r) => r['Export Status']);
    expect(statuses.filter((s) => s === 'delivered')).toHaveLength(300);
    const failed = d.ws.runtime.executions.filter((e) => e.outcome !== 'ok');
    expect(failed.map((e) => `${e.fn}: ${e.error}`)).toEqual([]);

    // 4 changes a task (not exported > staging > staged > delivering > delivered), in order.
    const log = exportLog(d);
    expect(log).toHaveLength(1200);
    const byTask = new Map<string, string[]>();
    for (const r of log) byTask.set(r.taskId, [...(byTask.get(r.taskId) ?? []), r.to]);
    for (const taskId of ids) {
      expect(byTask.get(taskId)).toEqual(['staging', 'staged', 'delivering', 'delivered']);
    }
    // One registry row a batch, each with its delivery; the properties do not grow with them.
    const records = registry(d);
    expect(records).toHaveLength(300);
    expect(records.every((r) => r.deliveries.length === 1)).toBe(true);
    expect(Math.max(...bytesAfter)).toBeLessThan(2 * 1024);
    expect(bytesAfter[299]).toBeLessThanOrEqual(bytesAfter[0] + 64);
    // No job left anything behind: no ledger sheet, no job property.
    const sheetNames = d.ws.sheets.get(d.demo.spreadsheetId)!.sheets.map((s) => s.name);
    expect(sheetNames.filter((n) => n.startsWith('Export Job'))).toEqual([]);
  }, 300_000);
});

describe('a sheet exported by the old one-phase tool', () => {
  test('the first open of 1,800 exported rows works and logs each migrated task', () => {
    const d = demoWorkspace({
      demo: { tasks: 1810, invalid: false, withExportColumns: false, alreadyExported: 1800 },
    });
    const ids = eligibleIds(d);
    expect(ids).toHaveLength(10);
    const legacy = rows(d).filter((r) => r['Export Time'] instanceof Date);
    expect(legacy).toHaveLength(1800);
    expect(legacy.every((r) => r['Export Status'] === 'delivered')).toBe(true);
    const log = exportLog(d);
    expect(log).toHaveLength(1800);
    expect(new Set(log.map((r) => r.taskId))).toEqual(new Set(legacy.map((r) => r['Task ID'])));
    expect(log.every((r) => r.from === 'not exported' && r.to === 'delivered')).toBe(true);
    // Opening it again changes nothing more.
    eligibleIds(d);
    expect(exportLog(d)).toHaveLength(1800);
  }, 120_000);
});

describe('one very large job', () => {
  test('1,000 tasks of 6 files each in a fresh spreadsheet finish by triggers alone', () => {
    const d = demoWorkspace({ demo: { tasks: 1000, invalid: false, filesPerTask: 6 } });
    // The preview estimates from a sample: it leaves the day's URL Fetch calls to the export.
    const preview = call<{ selection: { tasks: Array<{ taskId: string }> }; fileCount: number }>(
      d,
      'getTasksForStaging',
      {},
    );
    const ids = preview.selection.tasks.map((t) => t.taskId);
    expect(ids).toHaveLength(1000);
    expect(preview.fileCount).toBe(6000);
    expect(d.ws.quotas.used(d.ws.owner, 'urlFetch')).toBeLessThanOrEqual(1600);
    const start = call<{ jobId: string; batchId: string }>(d, 'executeStagingWizard', {
      filters: {},
      taskIds: ids,
    });
    // While it runs, the job's tasks are in its ledger sheet, not in the script's properties.
    expect(propertyBytes(d)).toBeLessThan(4 * 1024);
    // By triggers alone, within a personal account's day (batched Drive calls, about 40 of its 90
    // minutes of trigger runtime); no execution fails.
    d.ws.settle(3 * 24 * 60 * 60 * 1000);
    const progress = call<{ finished: boolean; succeeded: number; failed: number }>(
      d,
      'getJobProgress',
      start.jobId,
    );
    expect(progress).toMatchObject({ finished: true, succeeded: 1000, failed: 0 });
    expect(rows(d).filter((r) => r['Staged Count'] === 6)).toHaveLength(1000);
    // The export sheet has a row for each task, past the 1,000 rows of a new spreadsheet.
    const record = registry(d).find((r) => r.batchId === start.batchId) as unknown as {
      exportSheetId: string;
    };
    const exported = d.ws.sheets.values(record.exportSheetId, 'Sheet1');
    expect(exported).toHaveLength(1001);
    expect(d.ws.runtime.executions.filter((e) => e.outcome !== 'ok')).toEqual([]);
  }, 300_000);
});

interface Paused {
  finished: boolean;
  succeeded: number;
  failed: number;
  paused?: { limit: string; resumesAt: string; nextTry: string; message: string };
}

describe('a daily limit reached mid-job', () => {
  test('URL Fetch: the job pauses, the pages say why and until when, it resumes after the reset and every task ends right', () => {
    const d = demoWorkspace({ demo: { tasks: 30, invalid: false, filesPerTask: 6 } });
    setSliceBudget(d, 3000);
    const owner = d.ws.owner;
    const start = call<{ jobId: string }>(d, 'executeStagingWizard', {
      filters: {},
      taskIds: eligibleIds(d),
    });
    d.ws.advance(6 * 60 * 1000);
    const before = call<Paused>(d, 'getJobProgress', start.jobId);
    expect(before.succeeded).toBeGreaterThan(0);
    expect(before.finished).toBe(false);
    const reset = d.ws.quotas.resetsAt(owner, 'urlFetch')!;
    // Other scripts of the person used up the day's calls.
    d.ws.quotas.spend(owner, 'urlFetch', d.ws.quotas.remaining(owner, 'urlFetch'));
    d.ws.advance(6 * 60 * 1000);

    const paused = call<Paused>(d, 'getJobProgress', start.jobId);
    expect(paused.finished).toBe(false);
    expect(paused.failed).toBe(0);
    expect(paused.paused?.limit).toBe('urlFetch');
    expect(paused.paused?.message).toMatch(
      /^Paused: Google’s daily limit on the requests the export makes to Drive \(URL Fetch calls: 20,000 a day for a personal account, 100,000 for Google Workspace\) was reached at .+\. The export goes on by itself by .+ \(Etc\/UTC\), when the limit resets\. .*No task has failed because of it, and there is nothing to do\.$/,
    );
    // The day began with the job's first slice: the pause ends when Google's 24 hours do.
    expect(Date.parse(paused.paused!.resumesAt)).toBeGreaterThanOrEqual(reset);
    expect(Date.parse(paused.paused!.resumesAt)).toBeLessThan(reset + 10 * 60 * 1000);
    // The sidebar is told the same, without an error; so is the report.
    expect(call<Paused>(d, 'continueJob', start.jobId).paused?.limit).toBe('urlFetch');
    const report = call<{ activeBatches: Paused[]; stagingUsage: { error: string } }>(
      d,
      'generateExportStatusReport',
    );
    expect(report.activeBatches[0].paused?.message).toBe(paused.paused!.message);
    expect(report.stagingUsage.error).toMatch(
      /^The staging folder was not measured: Google gave no answer/,
    );

    d.ws.settle(3 * 24 * 60 * 60 * 1000);
    const done = call<Paused>(d, 'getJobProgress', start.jobId);
    expect(done).toMatchObject({ finished: true, succeeded: 30, failed: 0 });
    expect(rows(d).every((r) => r['Export Status'] === 'staged' && r['Staged Count'] === 6)).toBe(
      true,
    );
    expect(d.ws.clock.now()).toBeGreaterThan(reset);
    const broken = d.ws.runtime.executions.filter((e) => e.outcome !== 'ok');
    expect(broken.map((e) => `${e.fn}: ${e.error}`)).toEqual([]);
  });
});

describe('a tracking sheet of 100,000 rows', () => {
  test('the wizard opens and previews in one execution each with its CPU time counted, and every slice ends inside its budget', () => {
    const d = demoWorkspace({
      ws: { cpuScale: 1 },
      demo: { tasks: 40, invalid: false, filesPerTask: 6 },
    });
    const id = d.demo.spreadsheetId;
    const [header, ...tasks] = d.ws.sheets.values(id, 'Tasks');
    const col = (name: string) => header.indexOf(name);
    // Years of earlier work: rows that are not ready to export.
    const filler = Array.from({ length: 100_000 - tasks.length }, (_, i) => {
      const row = header.map(() => '' as unknown);
      row[col('Task ID')] = `OLD-${String(i).padStart(6, '0')}`;
      row[col('Status')] = 'in_progress';
      row[col('Folder Name')] = `OLD-${i}_archive`;
      return row;
    });
    d.ws.sheets.setValues(id, 'Tasks', filler, tasks.length + 2);
    expect(d.ws.sheets.values(id, 'Tasks')).toHaveLength(100_001);

    const open = d.ws.callFromPage('getStagingWizardSetup', []);
    const preview = d.ws.callFromPage<{
      batchId: string;
      selection: { tasks: Array<{ taskId: string }> };
    }>('getTasksForStaging', [{}]);
    const ids = preview.value!.selection.tasks.map((t) => t.taskId);
    const sheetPreview = d.ws.callFromPage('getExportSheetPreview', [ids, preview.value!.batchId]);
    for (const r of [open, preview, sheetPreview]) {
      expect({ ok: r.ok, killed: r.killed, error: r.error }).toEqual({
        ok: true,
        killed: false,
        error: undefined,
      });
      expect(r.execution.cpuMs).toBeGreaterThan(0);
      expect(r.execution.endedAt! - r.execution.startedAt).toBeLessThan(6 * 60 * 1000);
    }
    expect(ids).toHaveLength(40);

    call(d, 'executeStagingWizard', { filters: {}, taskIds: ids });
    const runs = d.ws.settle();
    const slices = runs.filter((r) => r.execution.fn === 'runExportJobs');
    expect(slices.length).toBeGreaterThan(0);
    for (const r of runs)
      expect({ ok: r.ok, error: r.error }).toEqual({ ok: true, error: undefined });
    // The default slice budget is 4.5 minutes; no slice runs past 5, Apps Script's 6 never.
    for (const s of slices) {
      expect(s.execution.endedAt! - s.execution.startedAt).toBeLessThanOrEqual(5 * 60 * 1000);
    }
    expect(rows(d).filter((r) => r['Export Status'] === 'staged')).toHaveLength(40);
  }, 300_000);
});

describe('records kept by an earlier version', () => {
  test('batch records in script properties move to the Export Batches sheet on first use', () => {
    const d = demoWorkspace({ demo: { tasks: 20, invalid: false, filesPerTask: 6 } });
    const batchId = stageTasks(d, eligibleIds(d).slice(0, 3));
    // As an earlier version left it: the record in a script property, no registry sheet.
    const record = registry(d).find((r) => r.batchId === batchId)!;
    const book = d.ws.sheets.get(d.demo.spreadsheetId)!;
    book.sheets = book.sheets.filter((s) => s.name !== 'Export Batches');
    d.ws.properties.script.set(`exportBatch.${batchId}`, JSON.stringify(record));

    const listed = call<Array<{ batchId: string }>>(d, 'getAvailableStagedExports');
    expect(listed.map((b) => b.batchId)).toEqual([batchId]);
    expect(registry(d)).toEqual([record]);
    expect([...d.ws.properties.script.keys()].filter((k) => k.startsWith('exportBatch.'))).toEqual(
      [],
    );
    // The batch delivers from its migrated record.
    deliver(d, batchId);
    d.ws.settle();
    expect(rows(d).filter((r) => r['Export Status'] === 'delivered')).toHaveLength(3);
  });

  test('a job saved whole in script properties goes on from its ledger once saved again', () => {
    const d = demoWorkspace({ demo: { tasks: 20, invalid: false, filesPerTask: 6 } });
    setSliceBudget(d, 2000);
    const start = call<{ jobId: string }>(d, 'executeStagingWizard', {
      filters: {},
      taskIds: eligibleIds(d),
    });
    d.ws.advance(6 * 60 * 1000);
    const partly = call<Paused>(d, 'getJobProgress', start.jobId);
    expect(partly.finished).toBe(false);
    // Rewrite it as an earlier version kept it: the whole job in the properties, no ledger.
    const props = d.ws.properties.script;
    const key = `exportJob.${start.jobId}`;
    const head = JSON.parse(
      Array.from({ length: Number(props.get(key)) }, (_, i) => props.get(`${key}#${i}`)).join(''),
    );
    const ledgerName = `Export Job ${start.jobId}`;
    const cells = d.ws.sheets
      .values(d.demo.spreadsheetId, ledgerName)
      .slice(1)
      .map((r) => JSON.parse(r.slice(1).join('')));
    delete head.ledger;
    delete head.total;
    const whole = {
      ...head,
      taskIds: cells.map((c) => c.t),
      pending: cells.filter((c) => !c.o).map((c) => c.t),
      outcomes: Object.fromEntries(
        cells
          .filter((c) => c.o)
          .map((c) => [
            c.t,
            {
              taskId: c.t,
              ok: c.o[0] === 1,
              files: c.o[1],
              reason: c.o[2],
              committed: c.o[3] === 1,
            },
          ]),
      ),
      attempts: {},
      taskFolders: Object.fromEntries(cells.filter((c) => c.f).map((c) => [c.t, c.f])),
      folderNames: Object.fromEntries(cells.filter((c) => c.n).map((c) => [c.t, c.n])),
    };
    const book = d.ws.sheets.get(d.demo.spreadsheetId)!;
    book.sheets = book.sheets.filter((s) => s.name !== ledgerName);
    props.set(key, '1');
    props.set(`${key}#0`, JSON.stringify(whole));

    expect(call<Paused>(d, 'getJobProgress', start.jobId).succeeded).toBe(partly.succeeded);
    d.ws.settle();
    const done = call<Paused>(d, 'getJobProgress', start.jobId);
    expect(done).toMatchObject({ finished: true, succeeded: 20, failed: 0 });
    expect(rows(d).filter((r) => r['Export Status'] === 'staged')).toHaveLength(20);
    expect(d.ws.sheets.get(d.demo.spreadsheetId)!.sheets.map((s) => s.name)).not.toContain(
      ledgerName,
    );
  });
});

describe('a job ledger deleted by hand', () => {
  test('the job is rebuilt from the sheet and the batch record, and every task ends right', () => {
    const d = demoWorkspace({ demo: { tasks: 20, invalid: false, filesPerTask: 6 } });
    setSliceBudget(d, 2000);
    const start = call<{ jobId: string; batchId: string }>(d, 'executeStagingWizard', {
      filters: {},
      taskIds: eligibleIds(d),
    });
    d.ws.advance(6 * 60 * 1000);
    expect(call<Paused>(d, 'getJobProgress', start.jobId).finished).toBe(false);
    const book = d.ws.sheets.get(d.demo.spreadsheetId)!;
    book.sheets = book.sheets.filter((s) => s.name !== `Export Job ${start.jobId}`);

    const runs = d.ws.settle();
    expect(runs.filter((r) => !r.ok).map((r) => `${r.execution.fn}: ${r.error}`)).toEqual([]);
    expect(rows(d).filter((r) => r['Export Status'] === 'staged')).toHaveLength(20);
    expect(rows(d).every((r) => r['Export Batch ID'] === start.batchId)).toBe(true);
    expect(d.ws.triggers.list()).toEqual([]);
  });
});

describe('a sheet the add-on keeps, cut short while it was being made', () => {
  test('an execution stopped just after adding the Export Log leaves it headed and protected once it is next used', () => {
    const d = demoWorkspace();
    d.ws.faults.add({
      kind: 'killAfter',
      nth: 1,
      match: (c) => c.method === 'Spreadsheet.insertSheet',
    });
    // The first open migrates the sheet's legacy rows, which creates the Export Log.
    expect(d.ws.callFromPage('getTasksForStaging', [{}]).killed).toBe(true);
    const log = () =>
      d.ws.sheets.get(d.demo.spreadsheetId)!.sheets.find((s) => s.name === 'Export Log')!;
    expect(log().values).toEqual([]);

    stageTasks(d, eligibleIds(d).slice(0, 1));
    expect(d.ws.sheets.values(d.demo.spreadsheetId, 'Export Log')[0]).toEqual(LOG_HEADERS);
    expect(log().protections.map((p) => p.warningOnly)).toEqual([true]);
    expect(log().frozenRows).toBe(1);
  });
});

describe('the Export Log append fails once after the sheet was written', () => {
  test.each(['staging', 'delivery'] as const)(
    'during %s: the row is there afterwards, once, and the summary is right',
    (phase) => {
      const d = demoWorkspace({ demo: { tasks: 12, invalid: false, filesPerTask: 6 } });
      const ids = eligibleIds(d);
      const inSlice = (executionId: number) =>
        d.ws.runtime.executions[executionId - 1]?.fn === 'runExportJobs';
      const failOnce = () =>
        d.ws.faults.add({
          kind: 'error',
          nth: 1,
          match: (c) =>
            c.method === 'Range.setValues' && c.detail === 'Export Log' && inSlice(c.executionId),
        });
      if (phase === 'staging') failOnce();
      const start = call<{ jobId: string; batchId: string }>(d, 'executeStagingWizard', {
        filters: {},
        taskIds: ids,
      });
      d.ws.settle();
      let jobId = start.jobId;
      if (phase === 'delivery') {
        failOnce();
        jobId = deliver(d, start.batchId).jobId;
        d.ws.settle();
      }
      expect(d.ws.faults.fired).toHaveLength(1);
      const progress = call<Paused>(d, 'getJobProgress', jobId);
      expect(progress).toMatchObject({ finished: true, succeeded: 12, failed: 0 });
      const ends =
        phase === 'staging'
          ? ['staging', 'staged']
          : ['staging', 'staged', 'delivering', 'delivered'];
      const log = exportLog(d);
      for (const taskId of ids) {
        expect(log.filter((r) => r.taskId === taskId).map((r) => r.to)).toEqual(ends);
      }
    },
  );
});

describe('more limits a year meets', () => {
  test('the daily limit on new spreadsheets: the finished job waits to write its export sheet, and nothing fails', () => {
    const d = demoWorkspace({ demo: { tasks: 12, invalid: false, filesPerTask: 6 } });
    const owner = d.ws.owner;
    const start = call<{ jobId: string; batchId: string }>(d, 'executeStagingWizard', {
      filters: {},
      taskIds: eligibleIds(d),
    });
    // The person's other scripts made the day's 250 spreadsheets.
    d.ws.quotas.spend(
      owner,
      'spreadsheetsCreated',
      d.ws.quotas.remaining(owner, 'spreadsheetsCreated'),
    );
    d.ws.advance(20 * 60 * 1000);
    const paused = call<Paused>(d, 'getJobProgress', start.jobId);
    expect(paused).toMatchObject({ finished: false, succeeded: 12, failed: 0 });
    expect(paused.paused?.limit).toBe('spreadsheets');
    expect(paused.paused?.message).toMatch(
      /^Paused: Google’s daily limit on new spreadsheets \(250 a day for a personal account, 3,200 for Google Workspace\) was reached at .+\. No task has failed because of it, and there is nothing to do\.$/,
    );
    d.ws.settle(3 * 24 * 60 * 60 * 1000);
    expect(call<Paused>(d, 'getJobProgress', start.jobId)).toMatchObject({
      finished: true,
      succeeded: 12,
      failed: 0,
    });
    const record = registry(d).find((r) => r.batchId === start.batchId) as unknown as {
      exportSheetId: string;
    };
    expect(d.ws.sheets.values(record.exportSheetId, 'Sheet1')).toHaveLength(13);
    const broken = d.ws.runtime.executions.filter((e) => e.outcome !== 'ok');
    expect(broken.map((e) => `${e.fn}: ${e.error}`)).toEqual([]);
  });

  test('a tracking spreadsheet with no room for a job’s ledger: the start is refused plainly and changes nothing', () => {
    const d = demoWorkspace({ demo: { tasks: 20, invalid: false, filesPerTask: 6 } });
    const ids = eligibleIds(d);
    const book = d.ws.sheets.get(d.demo.spreadsheetId)!;
    const used = book.sheets.reduce((n, s) => n + s.maxRows * s.maxColumns, 0);
    // Years of archived sheets: 100 cells short of Google's 10 million.
    d.ws.sheets.addSheet(d.demo.spreadsheetId, 'Archive', (10_000_000 - used - 100) / 10, 10);
    const before = snapshot(d);
    expect(callError(d, 'executeStagingWizard', { filters: {}, taskIds: ids })).toMatch(
      /This spreadsheet uses 9,999,900 of the 10,000,000 cells Google allows, and the export needs 105 more to keep track of its 20 tasks\. Delete empty rows and columns, or old sheets, then start again\. Nothing was exported\.$/,
    );
    expect(snapshot(d)).toBe(before);
    expect(d.ws.triggers.list()).toEqual([]);
  });

  test('an Export Log made by an earlier version gets the Change and Cause columns, its rows kept', () => {
    const d = demoWorkspace({ demo: { tasks: 6, invalid: false, filesPerTask: 6 } });
    const old = ['Time', 'User', 'Task ID', 'Export Batch ID', 'From', 'To', 'Reason'];
    const earlier = [new Date(0), 'ops@example.com', 'OLD-1', 'EXP-1', 'staged', 'delivered', 'x'];
    d.ws.sheets.addSheet(d.demo.spreadsheetId, 'Export Log');
    d.ws.sheets.setValues(d.demo.spreadsheetId, 'Export Log', [old, earlier]);
    stageTasks(d, eligibleIds(d).slice(0, 1));
    const log = d.ws.sheets.values(d.demo.spreadsheetId, 'Export Log');
    expect(log[0]).toEqual(LOG_HEADERS);
    expect(log[1]).toEqual([...earlier, '', '']);
    expect(log).toHaveLength(4);
    expect(String(log[3][7])).toMatch(/^stage-.+:ok$/);
  });
});
