/**
 * Bad input catalogue (README "When something is wrong"): what a wizard left open, a stale page or
 * a person typing can send. Each is refused with a plain message (as the page shows it, without
 * the error's type name), and nothing changes.
 */
import { Demo, call, demoWorkspace, rows, snapshot } from '../helpers/workspace';
import { deliver, stageAll, validTasks } from '../helpers/delivery';
import { preview, setCell, shownError, stage } from '../helpers/bad-inputs';

/** Runs the refused call, checks nothing changed, returns the message shown. */
function refused(d: Demo, fn: string, ...args: unknown[]): string {
  const before = snapshot(d);
  const message = shownError(d, fn, ...args);
  expect(snapshot(d)).toEqual(before);
  return message;
}

describe('a wizard step that went stale', () => {
  test('the staging wizard’s preview: a task deleted or taken by someone else meanwhile', () => {
    const d = demoWorkspace();
    const listed = preview(d).taskIds;
    // Someone deletes a row (its Task ID cleared) and stages two other tasks meanwhile.
    setCell(d, listed[0], 'Task ID', '');
    const other = stage(d, listed.slice(1, 3)).batchId;
    expect(refused(d, 'executeStagingWizard', { filters: {}, taskIds: listed })).toBe(
      `Task ${listed[0]} is no longer in the sheet. Task ${listed[1]} is already in export batch ${other} (“Being staged”). Task ${listed[2]} is already in export batch ${other} (“Being staged”). Go back to the preview to refresh the list.`,
    );
  });

  test('a finished job asked about after 6 hours, or a job id that never was', () => {
    const d = demoWorkspace();
    const start = stage(d, preview(d).taskIds);
    d.ws.settle();
    // Within 6 hours a wizard left open still gets the summary, and driving it changes nothing.
    const before = snapshot(d);
    expect(call<{ finished: boolean }>(d, 'continueJob', start.jobId).finished).toBe(true);
    expect(snapshot(d)).toEqual(before);
    d.ws.advance(7 * 60 * 60 * 1000);
    const gone = `There is no export job "${start.jobId}" running, and none finished in the last 6 hours. Open the Export status report to see what happened to its tasks.`;
    expect(refused(d, 'getJobProgress', start.jobId)).toBe(gone);
    expect(refused(d, 'continueJob', start.jobId)).toBe(gone);
    expect(refused(d, 'getJobProgress', 'stage-NOPE')).toMatch(
      /There is no export job "stage-NOPE"/,
    );
  });

  test('the delivery wizard: a batch cleaned up, delivered by someone else, or never picked', () => {
    const d = demoWorkspace();
    const batchId = stageAll(d);
    expect(refused(d, 'previewStagedExport', 'EXP-000000-GONE')).toBe(
      'There is no export batch EXP-000000-GONE. Pick one from the list of staged exports.',
    );
    expect(refused(d, 'previewStagedExport', '')).toBe(
      'Choose an export batch first: none is selected.',
    );
    deliver(d, batchId);
    d.ws.settle();
    const inBatch = rows(d).filter((r) => r['Export Batch ID'] === batchId);
    const count = (status: string) => inBatch.filter((r) => r['Export Status'] === status).length;
    expect(count('delivered')).toBe(validTasks(d).length);
    expect(refused(d, 'executeDeliveryWizard', batchId, d.demo.folders.clientAcme)).toBe(
      `Export batch ${batchId} has no staged tasks to deliver (${count('staging_failed')} staging_failed, ${count('delivered')} delivered).`,
    );
  });
});

describe('things typed by hand', () => {
  test('a manual status change: no task, a task not in the sheet, no reason, not a status', () => {
    const d = demoWorkspace();
    stageAll(d);
    const [task] = validTasks(d);
    expect(refused(d, 'resetTaskExportStatus', '', '', 'redo')).toBe(
      'Say which task to change: the Task ID is empty.',
    );
    expect(refused(d, 'resetTaskExportStatus', 'TSK-9999', '', 'redo')).toBe(
      'Task TSK-9999 is not in the sheet, or its Task ID appears on more than one row.',
    );
    expect(refused(d, 'resetTaskExportStatus', task.taskId, '', '')).toBe(
      `Task ${task.taskId}: a reason is needed to change an export status by hand. It is kept in the Export Log.`,
    );
    expect(refused(d, 'resetTaskExportStatus', task.taskId, 'shipped', 'redo')).toBe(
      `Task ${task.taskId}: "shipped" is not an export status.`,
    );
    expect(refused(d, 'resetTaskExportStatus', task.taskId, 'delivered', 'client has it')).toBe(
      `Task ${task.taskId}: its export status cannot change from "staged" to "delivered".`,
    );
  });

  test('folder fields: empty, free text, a file, a folder that is not there', () => {
    const d = demoWorkspace();
    const batchId = stageAll(d);
    const file = validTasks(d)[0].fileIds[0];
    expect(refused(d, 'saveStagingFolder', '  ')).toBe(
      "Paste the staging folder's link, or browse to the folder.",
    );
    expect(refused(d, 'saveStagingFolder', 'the usual one')).toBe(
      '"the usual one" is not a Drive folder link. Open the folder in Drive and copy its address, or browse to it.',
    );
    expect(call<{ ok: boolean; error: string }>(d, 'checkClientFolder', file, batchId)).toEqual({
      ok: false,
      folder: null,
      error: `"${d.ws.drive.get(file)!.name}" is a file, not a folder. Choose the folder to use as the client folder.`,
    });
    expect(refused(d, 'listDriveFolders', 'not an id', null)).toBe(
      '"not an id" is not a Drive folder id.',
    );
  });
});
