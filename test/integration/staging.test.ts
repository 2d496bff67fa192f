import { TRACKING_HEADERS } from '../../emulator';
import { Demo, call, demoWorkspace, duplicatesIn, rowOf, tree } from '../helpers/workspace';
import { jobKeys } from '../helpers/delivery';

interface Preview {
  selection: { tasks: Array<{ taskId: string }>; overrides: unknown[] };
  fileCount: number;
  totalBytes: number;
  perTask: Array<{ taskId: string; files: number; bytes: number }>;
  destination: { name: string } | null;
}
interface Start {
  jobId: string;
  batchId: string;
  taskCount: number;
}
interface Progress {
  finished: boolean;
  succeeded: number;
  failed: number;
  summary?: { failed: Array<{ taskId: string; reason: string }>; exportSheetUrl: string | null };
}

/** Previews with the default filters, then starts a staging job of everything it lists. */
function startStaging(d: Demo, filters: object = {}): Start {
  const preview = call<Preview>(d, 'getTasksForStaging', filters);
  const taskIds = preview.selection.tasks.map((t) => t.taskId);
  return call<Start>(d, 'executeStagingWizard', { filters, taskIds });
}

/** Lets the continuation trigger run the job to its end, with no sidebar. */
function runByTriggers(d: Demo) {
  return d.ws.settle();
}

const expectedStaged = (d: Demo) =>
  d.demo.tasks.filter((t) => t.kind === 'valid').map((t) => t.taskId);

describe('staging through the built bundle', () => {
  test('a mixed demo batch: valid tasks staged once each, invalid ones failed with reasons', () => {
    const d = demoWorkspace();
    const preview = call<Preview>(d, 'getTasksForStaging', {});
    const listed = preview.selection.tasks.map((t) => t.taskId).sort();
    // Default criteria: complete, review passed, not exported. Bad-file tasks are listed (they
    // are only found bad by validation); not complete / not passed / exported ones are not.
    const excludedKinds = ['notComplete', 'reviewFailed', 'reviewPending', 'alreadyExported'];
    expect(listed).toEqual(
      d.demo.tasks
        .filter((t) => !excludedKinds.includes(t.kind))
        .map((t) => t.taskId)
        .sort(),
    );
    expect(preview.fileCount).toBeGreaterThan(0);
    expect(preview.totalBytes).toBeGreaterThan(0);

    const start = startStaging(d);
    expect(start.jobId).toMatch(/^stage-EXP-\d{6}-[A-Z2-9]{4}$/);
    runByTriggers(d);

    for (const task of d.demo.tasks) {
      const row = rowOf(d, task.taskId);
      if (task.kind === 'valid') {
        expect([task.taskId, row['Export Status']]).toEqual([task.taskId, 'staged']);
        expect(row['Staged Count']).toBe(task.expectedFiles);
        expect(row['Export Batch ID']).toBe(start.batchId);
      } else if (!excludedKinds.includes(task.kind)) {
        expect([task.taskId, row['Export Status']]).toEqual([task.taskId, 'staging_failed']);
      } else if (task.kind === 'alreadyExported') {
        expect(row['Export Status']).toBe('delivered');
      } else {
        expect(row['Export Status']).toBe('');
      }
    }

    const batchFolder = d.ws.drive
      .children(d.demo.folders.staging)
      .find((f) => f.name.endsWith(start.batchId))!;
    expect(batchFolder.name).toMatch(/^Export_\d{4}-\d{2}-\d{2}_EXP-/);
    const staged = tree(d, batchFolder.id);
    expect(duplicatesIn(staged)).toEqual([]);
    for (const task of d.demo.tasks.filter((t) => t.kind === 'valid')) {
      const folder = d.ws.drive.children(batchFolder.id).find((f) => f.name === task.folderName)!;
      expect(d.ws.drive.children(folder.id)).toHaveLength(task.expectedFiles);
    }
    // Nothing else in the batch folder but task folders and the export sheet.
    const sheetName = `Export_${start.batchId}_Data`;
    const top = d.ws.drive
      .children(batchFolder.id)
      .map((i) => i.name)
      .sort();
    expect(top).toEqual(
      [
        ...d.demo.tasks.filter((t) => t.kind === 'valid').map((t) => t.folderName),
        sheetName,
      ].sort(),
    );
  });

  test('failure reasons are readable and name the cause; the Export Log has a row per change', () => {
    const d = demoWorkspace();
    const start = startStaging(d);
    const [progress] = runByTriggers(d)
      .map(() => call<Progress>(d, 'getJobProgress', start.jobId))
      .slice(-1);
    expect(progress.finished).toBe(true);
    const reasons = Object.fromEntries(progress.summary!.failed.map((f) => [f.taskId, f.reason]));
    const byKind = (kind: string) => reasons[d.demo.tasks.find((t) => t.kind === kind)!.taskId];
    expect(byKind('missingObj')).toMatch(/no \.obj file whose name contains/);
    expect(byKind('missingMp4')).toMatch(/no \.mp4 file/);
    expect(byKind('jpgWithoutFolderName')).toMatch(/no \.jpg \(not a base image\) file/);
    expect(byKind('tooFewFiles')).toMatch(/at least 6 are needed/);
    expect(byKind('deadLink')).toMatch(/does not exist or is not shared with you/);
    expect(byKind('trashedFile')).toMatch(/is in the trash/);
    expect(byKind('noAccessFile')).toMatch(/does not exist or is not shared with you/);
    expect(byKind('malformedLink')).toMatch(/not a (Google Drive file )?link/);
    for (const reason of Object.values(reasons)) expect(reason).toMatch(/^Task TSK-\d+: /);

    const log = d.ws.sheets.values(d.demo.spreadsheetId, 'Export Log');
    expect(log[0]).toEqual([
      'Time',
      'User',
      'Task ID',
      'Export Batch ID',
      'From',
      'To',
      'Reason',
      'Change',
      'Cause',
    ]);
    const entries = log.slice(1);
    for (const task of d.demo.tasks.filter((t) => t.kind === 'valid')) {
      const mine = entries.filter((e) => e[2] === task.taskId).map((e) => `${e[4]}>${e[5]}`);
      expect(mine).toEqual(['not exported>staging', 'staging>staged']);
    }
    const failedTask = d.demo.tasks.find((t) => t.kind === 'deadLink')!;
    const failedEntries = entries.filter((e) => e[2] === failedTask.taskId);
    expect(failedEntries.map((e) => e[5])).toEqual(['staging', 'staging_failed']);
    expect(failedEntries[1][6]).toMatch(/does not exist/);
    // A file check failure needs a person's fix before a retry can pass; a success has no cause.
    expect(failedEntries[1][8]).toBe('fix');
    expect(entries.filter((e) => e[5] === 'staged').every((e) => e[8] === '')).toBe(true);
    expect(entries.every((e) => e[1] === 'ops@example.com')).toBe(true);
  });

  test('the export sheet is created once, in the batch folder, with all columns', () => {
    const d = demoWorkspace();
    const start = startStaging(d);
    runByTriggers(d);
    const sheets = d.ws.drive.all().filter((i) => i.name === `Export_${start.batchId}_Data`);
    expect(sheets).toHaveLength(1);
    const values = d.ws.sheets.values(sheets[0].id, d.ws.sheets.get(sheets[0].id)!.sheets[0].name);
    expect(values[0]).toEqual([...TRACKING_HEADERS]);
    expect(
      values
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(expectedStaged(d).sort());
  });

  test('when the job ends no trigger of it is left and its properties are cleaned', () => {
    const d = demoWorkspace();
    const before = [...d.ws.properties.script.keys()].sort();
    const start = startStaging(d);
    expect(d.ws.triggers.list().length).toBeGreaterThan(0);
    runByTriggers(d);
    expect(call<Progress>(d, 'getJobProgress', start.jobId).finished).toBe(true);
    expect(d.ws.triggers.list()).toEqual([]);
    expect(jobKeys(d)).toEqual(before);
    const sheets = d.ws.sheets.get(d.demo.spreadsheetId)!.sheets.map((s) => s.name);
    expect(sheets.filter((n) => n.startsWith('Export Job'))).toEqual([]);
  });
});
