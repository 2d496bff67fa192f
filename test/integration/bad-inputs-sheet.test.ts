/**
 * Bad input catalogue (README "When something is wrong"): cells of the tracking sheet holding the
 * wrong thing. A score or date filter names the tasks whose cell it cannot read instead of
 * dropping them without a word; a Staged Count that contradicts what was staged stops that task's
 * delivery before anything of it is copied; a row without a Task ID is not a task; a Task ID
 * pasted onto a second row mid-job stops that task only.
 */
import { Demo, call, demoWorkspace, rowOf, snapshot } from '../helpers/workspace';
import { deliver, deliveryFolder, stageAll, stagedBefore, validTasks } from '../helpers/delivery';
import { preview, reasons, setCell, shownError, stage, summaryOf } from '../helpers/bad-inputs';

const STAGE_AGAIN =
  'Stage it again: press "Reset to stage again" by it in Production Tracker › Tools › Resume failed exports, then stage it with Production Tracker › Tools › Stage tasks for export and deliver the new export batch.';

/** The first preview migrates the sheet (adds the export columns): later ones change nothing. */
function prepared(d: Demo): string {
  preview(d);
  return snapshot(d);
}

describe('wrong types in score and date cells', () => {
  test('a score or date filter names the tasks whose cell is not a number or a date; nothing changes', () => {
    const d = demoWorkspace({ demo: { tasks: 24 } });
    const [wordy, badDay, blank] = validTasks(d);
    setCell(d, wordy.taskId, 'Review Score', 'ninety');
    setCell(d, badDay.taskId, 'Completed Date', 'last week');
    setCell(d, blank.taskId, 'Review Score', '');
    const before = prepared(d);

    const scored = preview(d, { reviewScoreMin: 0 });
    expect(scored.taskIds).not.toContain(wordy.taskId);
    expect(scored.excluded).toEqual([
      {
        taskId: wordy.taskId,
        reason: `Task ${wordy.taskId}: its Review Score cell holds "ninety", which is not a number, so the review score filter cannot tell whether it matches. Correct the cell to include it.`,
      },
    ]);
    // An empty score is no score: it does not match a score filter, and is not an error.
    expect(scored.taskIds).not.toContain(blank.taskId);

    const dated = preview(d, { dateFrom: '2000-01-01' });
    expect(dated.taskIds).not.toContain(badDay.taskId);
    expect(dated.excluded).toEqual([
      {
        taskId: badDay.taskId,
        reason: `Task ${badDay.taskId}: its Completed Date cell holds "last week", which is not a date, so the date filter cannot tell whether it matches. Correct the cell to include it.`,
      },
    ]);
    // A task the other filters leave out anyway is not named.
    expect(preview(d, { dateFrom: '2000-01-01', batchIds: ['no such batch'] }).excluded).toEqual(
      [],
    );
    expect(snapshot(d)).toEqual(before);
  });

  test('without such a filter they are staged, and the export sheet keeps the cells as typed', () => {
    const d = demoWorkspace({ demo: { tasks: 24 } });
    const [wordy, badDay] = validTasks(d);
    setCell(d, wordy.taskId, 'Review Score', 'ninety');
    setCell(d, badDay.taskId, 'Completed Date', 'last week');
    const batchId = stageAll(d);
    for (const t of validTasks(d)) expect(rowOf(d, t.taskId)['Export Status']).toBe('staged');
    const sheet = d.ws.drive.all().find((i) => i.name === `Export_${batchId}_Data`)!;
    const values = d.ws.sheets.values(sheet.id, d.ws.sheets.get(sheet.id)!.sheets[0].name);
    const col = (name: string) => values[0].indexOf(name);
    const row = (id: string) => values.find((r) => r[0] === id)!;
    expect(row(wordy.taskId)[col('Review Score')]).toBe('ninety');
    expect(row(badDay.taskId)[col('Completed Date')]).toBe('last week');
  });

  test('bad filter values are named, and nothing changes', () => {
    const d = demoWorkspace();
    const before = prepared(d);
    expect(shownError(d, 'getTasksForStaging', { reviewScoreMin: 'high' })).toBe(
      'The review score filter "high" is not a number.',
    );
    expect(shownError(d, 'getTasksForStaging', { dateTo: '24/11/2026' })).toBe(
      'The date "24/11/2026" is not a date (use YYYY-MM-DD).',
    );
    expect(shownError(d, 'getTasksForStaging', { reviewScoreMin: 90, reviewScoreMax: 10 })).toBe(
      'The minimum review score is higher than the maximum.',
    );
    // The filter step's live count says the same, not an empty count.
    expect(shownError(d, 'countTasksForStaging', { reviewScoreMin: 90, reviewScoreMax: 10 })).toBe(
      'The minimum review score is higher than the maximum.',
    );
    expect(shownError(d, 'getTasksForStaging', 'everything')).toBe(
      'The filters could not be read. Reload the wizard and try again.',
    );
    // Values that match nothing are not errors: the list is empty, and staging it is refused.
    expect(preview(d, { batchIds: ['B-1999-01-Z'], agents: ['nobody'] }).taskIds).toEqual([]);
    expect(shownError(d, 'executeStagingWizard', { filters: {}, taskIds: [] })).toBe(
      'No tasks are selected. Change the filters so that some tasks match.',
    );
    expect(snapshot(d)).toEqual(before);
  });
});

describe('cells typed over by hand', () => {
  test('a Staged Count typed over: the staged files recorded are the proof; a count that contradicts them stops that task, nothing of it copied', () => {
    const d = demoWorkspace({ demo: { tasks: 24 } });
    const batchId = stageAll(d);
    const [typed, emptied, wrong, ...rest] = validTasks(d);
    setCell(d, typed.taskId, 'Staged Count', 'eight');
    setCell(d, emptied.taskId, 'Staged Count', '');
    setCell(d, wrong.taskId, 'Staged Count', wrong.expectedFiles + 1);
    const start = deliver(d, batchId);
    d.ws.settle();
    expect(reasons(summaryOf(d, start.jobId))).toEqual({
      [wrong.taskId]: `Task ${wrong.taskId}: its Staged Count is ${wrong.expectedFiles + 1}, but the Staged Files tab of its export sheet lists ${wrong.expectedFiles} files for it, so what was staged cannot be told. Nothing of it was delivered. If ${wrong.expectedFiles} is right, type it back into the Staged Count cell and retry the delivery. Otherwise: ${STAGE_AGAIN}`,
    });
    expect(rowOf(d, wrong.taskId)['Export Status']).toBe('delivery_failed');
    const delivered = d.ws.drive.children(deliveryFolder(d, batchId)!.id).map((f) => f.name);
    expect(delivered).not.toContain(wrong.folderName);
    // Every file of the other two is checked against the record, whatever their cell says.
    for (const t of [typed, emptied, ...rest]) {
      expect(rowOf(d, t.taskId)['Export Status']).toBe('delivered');
    }
  });

  test('a Staged Count typed over in a batch staged before files were recorded: that task fails, nothing of it copied', () => {
    const d = demoWorkspace({ demo: { tasks: 24 } });
    const batchId = stageAll(d);
    stagedBefore(d, batchId);
    const [typed, emptied, wrong, ...rest] = validTasks(d);
    setCell(d, typed.taskId, 'Staged Count', 'eight');
    setCell(d, emptied.taskId, 'Staged Count', '');
    setCell(d, wrong.taskId, 'Staged Count', wrong.expectedFiles + 1);
    const start = deliver(d, batchId);
    d.ws.settle();
    const held = (t: typeof typed) =>
      `${t.expectedFiles} files in its staging folder "${t.folderName}"`;
    expect(reasons(summaryOf(d, start.jobId))).toEqual({
      [typed.taskId]: `Task ${typed.taskId}: its Staged Count cell holds "eight", which is not a number, so the ${held(typed)} cannot be checked. Nothing of it was delivered. ${STAGE_AGAIN}`,
      [emptied.taskId]: `Task ${emptied.taskId}: its Staged Count cell is empty, so the ${held(emptied)} cannot be checked. Nothing of it was delivered. ${STAGE_AGAIN}`,
      [wrong.taskId]: `Task ${wrong.taskId}: its staging folder "${wrong.folderName}" holds ${wrong.expectedFiles} files, but its Staged Count is ${wrong.expectedFiles + 1}, so what was staged cannot be told. Nothing of it was delivered. ${STAGE_AGAIN}`,
    });
    const delivered = d.ws.drive.children(deliveryFolder(d, batchId)!.id).map((f) => f.name);
    for (const t of [typed, emptied, wrong]) {
      expect(rowOf(d, t.taskId)['Export Status']).toBe('delivery_failed');
      expect(delivered).not.toContain(t.folderName);
    }
    for (const t of rest) expect(rowOf(d, t.taskId)['Export Status']).toBe('delivered');
  });

  test('a row without a Task ID is not a task: never listed, never touched', () => {
    const d = demoWorkspace();
    const [task] = validTasks(d);
    setCell(d, task.taskId, 'Task ID', '');
    const listed = preview(d).taskIds;
    expect(listed).not.toContain(task.taskId);
    expect(listed.length).toBeGreaterThan(0);
    const before = d.ws.sheets.values(d.demo.spreadsheetId, 'Tasks')[task.row - 1];
    stage(d, listed);
    d.ws.settle();
    expect(d.ws.sheets.values(d.demo.spreadsheetId, 'Tasks')[task.row - 1]).toEqual(before);
  });

  test('a Task ID pasted onto a second row mid-job: that task stops with the reason, the rest go on', () => {
    const d = demoWorkspace({ demo: { tasks: 24 } });
    const selected = preview(d).taskIds;
    const start = stage(d, selected);
    const [victim, ...rest] = validTasks(d);
    // Someone copies the victim's Task ID onto a task that is not in the export.
    const other = d.demo.tasks.find((t) => t.kind === 'notComplete')!;
    setCell(d, other.taskId, 'Task ID', victim.taskId);
    const runs = d.ws.settle();
    const why = reasons(summaryOf(d, start.jobId));
    expect(why[victim.taskId]).toBe(
      `Task ${victim.taskId}: the Task ID now appears on more than one row; make it unique and retry.`,
    );
    for (const t of rest) expect(rowOf(d, t.taskId)['Export Status']).toBe('staged');
    // Nothing can be written to a Task ID on two rows: the watchdog does not keep trying.
    expect(runs.filter((r) => r.execution.fn === 'runExportWatchdog').length).toBeLessThan(3);
    expect(d.ws.triggers.list()).toEqual([]);
    // Made unique again, the task is finished from Resume failed exports.
    d.ws.sheets.setValues(d.demo.spreadsheetId, 'Tasks', [[other.taskId]], other.row, 1);
    expect(rowOf(d, victim.taskId)['Export Status']).toBe('staging');
    call(d, 'resumeFailedStaging', start.batchId);
    d.ws.settle();
    expect(rowOf(d, victim.taskId)['Export Status']).toBe('staged');
    expect(rowOf(d, victim.taskId)['Staged Count']).toBe(victim.expectedFiles);
  });
});
