import { Demo, call, callError, demoWorkspace, rowOf, snapshot } from '../helpers/workspace';

/** Previews as the wizard does first (this also runs the sheet migration), then snapshots. */
function previewed(d: Demo) {
  const preview = call<{ selection: { tasks: Array<{ taskId: string }> } }>(
    d,
    'getTasksForStaging',
    {},
  );
  return { taskIds: preview.selection.tasks.map((t) => t.taskId), before: snapshot(d) };
}

function stage(d: Demo, taskIds: string[], batchId?: string) {
  return callError(d, 'executeStagingWizard', { filters: {}, taskIds }, batchId);
}

describe('staging refuses bad input with a clear message and changes nothing', () => {
  test('no staging folder set', () => {
    const d = demoWorkspace({ configureStaging: false });
    const { taskIds, before } = previewed(d);
    expect(stage(d, taskIds)).toMatch(/No staging folder is set yet.*Configure staging folder/);
    expect(snapshot(d)).toEqual(before);
    const config = call<{ folder: unknown; error: string; unset: boolean }>(
      d,
      'getStagingConfiguration',
    );
    expect(config.folder).toBeNull();
    expect(config.error).toMatch(/No staging folder/);
    // The settings page says "not set yet" in its own words instead of pointing at itself.
    expect(config.unset).toBe(true);
  });

  test('staging folder deleted (trashed) or gone', () => {
    const d = demoWorkspace();
    const { taskIds } = previewed(d);
    d.ws.drive.trash(d.demo.folders.staging);
    const before = snapshot(d);
    expect(stage(d, taskIds)).toMatch(/staging folder ".*" is in the trash/);
    expect(snapshot(d)).toEqual(before);
    d.ws.properties.script.set('STAGING_FOLDER_ID', '1NoSuchFolderIdAtAllXXXXXXXXXXX');
    const again = snapshot(d);
    expect(stage(d, taskIds)).toContain(
      'The staging folder set for this spreadsheet does not exist or is not shared with you. Check the link or ask its owner to share it.',
    );
    expect(snapshot(d)).toEqual(again);
    // Set but gone is not "not set": the page shows the server's reason.
    expect(call(d, 'getStagingConfiguration')).toMatchObject({ folder: null, unset: false });
  });

  test('staging folder the user cannot add files to', () => {
    const d = demoWorkspace();
    const { taskIds } = previewed(d);
    d.ws.properties.script.set('STAGING_FOLDER_ID', d.demo.folders.clientViewOnly);
    const before = snapshot(d);
    expect(stage(d, taskIds)).toMatch(/cannot add files to the staging folder/);
    expect(snapshot(d)).toEqual(before);
  });

  test('empty selection', () => {
    const d = demoWorkspace();
    const { before } = previewed(d);
    expect(stage(d, [])).toMatch(/No tasks are selected/);
    expect(callError(d, 'executeStagingWizard', null)).toMatch(/No tasks are selected/);
    expect(snapshot(d)).toEqual(before);
  });

  test('a missing column names the column and the sheet', () => {
    const d = demoWorkspace();
    const header = d.ws.sheets.values(d.demo.spreadsheetId, 'Tasks')[0];
    const col = header.indexOf('Folder Name') + 1;
    d.ws.sheets.setValues(d.demo.spreadsheetId, 'Tasks', [['Folder']], 1, col);
    const before = snapshot(d);
    expect(callError(d, 'getTasksForStaging', {})).toMatch(
      /The sheet "Tasks" has no column "Folder Name"/,
    );
    expect(stage(d, ['TSK-0001'])).toMatch(/no column "Folder Name"/);
    expect(snapshot(d)).toEqual(before);
  });

  test('duplicate Task IDs: left out of the preview with a reason, refused when asked for', () => {
    const d = demoWorkspace({ demo: { duplicateTaskId: true } });
    const dup = d.demo.tasks.find((t) => t.kind === 'duplicateId')!.taskId;
    const preview = call<{
      selection: {
        tasks: Array<{ taskId: string }>;
        excluded: Array<{ taskId: string; reason: string }>;
      };
    }>(d, 'getTasksForStaging', {});
    expect(preview.selection.tasks.map((t) => t.taskId)).not.toContain(dup);
    const before = snapshot(d);
    expect(stage(d, [dup, 'TSK-0001'])).toMatch(
      new RegExp(`These Task IDs appear on more than one row: ${dup}`),
    );
    expect(snapshot(d)).toEqual(before);
  });

  test('a task that changed since the preview, or is already in a batch', () => {
    const d = demoWorkspace();
    const { taskIds } = previewed(d);
    call(d, 'executeStagingWizard', { filters: {}, taskIds: taskIds.slice(0, 2) });
    const before = snapshot(d);
    const message = stage(d, taskIds);
    expect(message).toMatch(new RegExp(`Task ${taskIds[0]} is already in export batch EXP-`));
    expect(message).toMatch(/Go back to the preview/);
    expect(snapshot(d)).toEqual(before);
  });

  test('a bad or taken export batch id', () => {
    const d = demoWorkspace();
    const { taskIds, before } = previewed(d);
    expect(stage(d, taskIds, 'no spaces allowed')).toMatch(/cannot be an export batch id/);
    expect(snapshot(d)).toEqual(before);
    call(d, 'executeStagingWizard', { filters: {}, taskIds: taskIds.slice(0, 1) }, 'BATCH-1');
    const after = snapshot(d);
    expect(stage(d, taskIds.slice(1), 'BATCH-1')).toMatch(/Export batch BATCH-1 exists already/);
    expect(snapshot(d)).toEqual(after);
  });

  test('an illegal status transition is an error naming the task, and nothing changes', () => {
    const d = demoWorkspace();
    previewed(d);
    const exported = d.demo.tasks.find((t) => t.kind === 'alreadyExported')!.taskId;
    expect(rowOf(d, exported)['Export Status']).toBe('delivered');
    const before = snapshot(d);
    expect(callError(d, 'resetTaskExportStatus', exported, '', 'client asked again')).toMatch(
      new RegExp(
        `Task ${exported}: its export status cannot change from "delivered" to "not exported"`,
      ),
    );
    expect(callError(d, 'resetTaskExportStatus', exported, 'staged', 'x')).toMatch(/cannot change/);
    expect(callError(d, 'resetTaskExportStatus', exported, 'done', 'x')).toMatch(
      /"done" is not an export status/,
    );
    expect(callError(d, 'resetTaskExportStatus', exported, 'staged', ' ')).toMatch(
      /a reason is needed/,
    );
    expect(snapshot(d)).toEqual(before);
  });

  test('a status cell holding something else is reported, not overwritten', () => {
    const d = demoWorkspace();
    previewed(d);
    const header = d.ws.sheets.values(d.demo.spreadsheetId, 'Tasks')[0];
    const task = d.demo.tasks.find((t) => t.kind === 'valid')!;
    d.ws.sheets.setValues(
      d.demo.spreadsheetId,
      'Tasks',
      [['on hold']],
      task.row,
      header.indexOf('Export Status') + 1,
    );
    const preview = call<{ selection: { tasks: Array<{ taskId: string }> } }>(
      d,
      'getTasksForStaging',
      {},
    );
    expect(preview.selection.tasks.map((t) => t.taskId)).not.toContain(task.taskId);
    const before = snapshot(d);
    expect(callError(d, 'resetTaskExportStatus', task.taskId, '', 'fix')).toMatch(
      /holds "on hold", which is not an export status/,
    );
    expect(snapshot(d)).toEqual(before);
  });
});
